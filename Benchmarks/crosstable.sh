#!/usr/bin/env bash
# Referential integrity against one extra pass: lineitem's l_partkey (6 M rows) against a
# generated 200 k-row parts CSV (keys 1…200000 without every 1000th, so 5,987 rows are orphans).
# Times the 26-expectation lineitem suite without and with the check, the check alone, and a
# one-column pass (a not-null check on l_partkey) — the target: with − without < one pass.
#   bash Benchmarks/crosstable.sh [ASSAY_BINARY]
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
ROUNDS=3
csv="$DATA/lineitem.csv"
[ -f "$csv" ] || bash "$SHARED/bench/setup.sh" > /dev/null 2>&1
assay="${1:-}"
if [ -z "$assay" ]; then
  swift build -c release --package-path "$REPO" > /dev/null
  assay="$REPO/.build/release/assay"
fi
scratch="$(mktemp -d /tmp/assay-crosstable.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

python3 - "$SHARED/bench/lineitem_suite.json" "$scratch" <<'PY'
import json, sys
suite, out = json.load(open(sys.argv[1])), sys.argv[2]
with open(out + "/parts.csv", "w") as f:
    f.write("p_partkey,p_name\n")
    f.writelines(f"{k},part{k}\n" for k in range(1, 200001) if k % 1000)
check = {"type": "expect_column_values_to_be_in_other_table",
         "kwargs": {"column": "l_partkey", "other_table": "parts.csv", "other_column": "p_partkey"}}
json.dump(suite, open(out + "/without.json", "w"))
json.dump(dict(suite, expectations=suite["expectations"] + [check]), open(out + "/with.json", "w"))
json.dump({"name": "only", "expectations": [check]}, open(out + "/only.json", "w"))
json.dump({"name": "pass", "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "l_partkey"}}]},
          open(out + "/pass.json", "w"))
PY

echo "== $csv: seconds and peak RSS (KB), $ROUNDS rounds"
for round in $(seq "$ROUNDS"); do
  for suite in without with only pass; do
    # Exit 1 is expected: the lineitem suite and the check both fail by design.
    /usr/bin/time -f "$suite %e s %M KB" -o "$scratch/time" "$assay" validate "$csv" --suite "$scratch/$suite.json" \
      --no-report --json "$scratch/$suite.out.json" > /dev/null || true
    grep -v "^Command exited" "$scratch/time"
  done
done
python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][-1]['result']; print('orphans:', r['unexpected_count'], 'keys:', r['details']['other_distinct_count'])" "$scratch/with.out.json"
