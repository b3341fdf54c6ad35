#!/usr/bin/env bash
# Times `assay validate` against the DuckDB one-query peer on lineitem.csv (the 26-expectation
# suite from ../shared/bench, alternating, 3 rounds), then shows what one pass buys: a
# 50-expectation suite run once against the same 50 expectations run one at a time.
#   bash Benchmarks/validate.sh           # full lineitem.csv
#   bash Benchmarks/validate.sh --quick   # its first 1,000,000 rows
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
VENV="${ASSAY_BENCH_VENV:-$HOME/.cache/assay-bench/venv}"
ROUNDS=3
REPORT="$REPO/reports/bench-validate-latest.md"

bash "$SHARED/bench/setup.sh" > /dev/null 2>&1
csv="$DATA/lineitem.csv"
if [ "${1:-}" = "--quick" ]; then
  head -n 1000001 "$csv" > "$DATA/lineitem-1000000.csv.partial" && mv "$DATA/lineitem-1000000.csv.partial" "$DATA/lineitem-1000000.csv"
  csv="$DATA/lineitem-1000000.csv"
fi
swift build -c release --package-path "$REPO" > /dev/null
assay="$REPO/.build/release/assay"
suite="$SHARED/bench/lineitem_suite.json"
scratch="$(mktemp -d /tmp/assay-validate.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

echo "== validate: assay vs DuckDB one-query peer, $ROUNDS alternating rounds"
for round in $(seq "$ROUNDS"); do
  # Exit 1 is expected: the l_comment uniqueness check fails by design.
  # The validation the peer's query does (result JSON, no report folder) ...
  /usr/bin/time -f '%e %M' -o "$scratch/assay.$round" "$assay" validate "$csv" --suite "$suite" --json "$scratch/assay.json" \
    --no-report > /dev/null || true
  # ... and the default run, report folder (HTML with its histograms, index) included.
  /usr/bin/time -f '%e %M' -o "$scratch/reported.$round" "$assay" validate "$csv" --suite "$suite" --json "$scratch/reported.json" \
    --report-dir "$scratch/reports" > /dev/null || true
  /usr/bin/time -f '%e %M' -o "$scratch/duckdb.$round" "$VENV/bin/python" "$SHARED/bench/duckdb_peer.py" validate "$csv" "$suite" > "$scratch/duckdb.json"
  echo "round $round: assay $(tail -n 1 "$scratch/assay.$round") · with report folder $(tail -n 1 "$scratch/reported.$round") · duckdb $(tail -n 1 "$scratch/duckdb.$round")  (wall s, peak RSS KiB)"
done
# /usr/bin/time writes "Command exited with non-zero status 1" first when assay exits 1 (the
# suite fails by design): the measurement is each file's last line.
measurements() { for file in "$scratch/$1".[0-9]*; do tail -n 1 "$file"; done; }
median() { measurements "$1" | cut -d' ' -f1 | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
peak() { measurements "$1" | cut -d' ' -f2 | sort -g | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'; }
assay_seconds="$(median assay)"; duckdb_seconds="$(median duckdb)"; reported_seconds="$(median reported)"

# Same verdicts as the peer (and GX) on all 26?
verdicts="$(python3 - "$scratch/assay.json" "$scratch/duckdb.json" <<'PY'
import json, sys
a = [r["success"] for r in json.load(open(sys.argv[1]))["results"]]
d = [r["success"] for r in json.load(open(sys.argv[2]))["results"]]
print(f"{sum(x == y for x, y in zip(a, d))}/{len(d)} verdicts equal; failed: "
      + ", ".join(str(i + 1) for i, ok in enumerate(a) if not ok))
PY
)"

echo "== one pass: a 50-expectation suite once vs its 50 expectations one at a time"
python3 - "$suite" "$scratch" <<'PY'
import json, sys
suite = json.load(open(sys.argv[1]))
base = suite["expectations"]
# 50 expectations: the 26, then 24 more checks on the same columns with other bounds.
extra = []
for e in base:
    if len(base) + len(extra) == 50: break
    if e["type"] in ("expect_column_values_to_be_between", "expect_column_mean_to_be_between", "expect_column_stdev_to_be_between"):
        k = dict(e["kwargs"]); k["mostly"] = 0.5 if e["type"] == "expect_column_values_to_be_between" else None
        if k["mostly"] is None: del k["mostly"]; k["max_value"] = k["max_value"] * 2
        extra.append({"type": e["type"], "kwargs": k})
    elif e["type"] in ("expect_column_values_to_not_be_null", "expect_column_values_to_be_in_set"):
        extra.append({"type": e["type"], "kwargs": dict(e["kwargs"], mostly=0.9)})
while len(base) + len(extra) < 50:
    extra.append({"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": len(extra)}})
full = base + extra
json.dump({"name": "fifty", "expectations": full}, open(f"{sys.argv[2]}/fifty.json", "w"))
for i, e in enumerate(full):
    json.dump({"name": f"one{i}", "expectations": [e]}, open(f"{sys.argv[2]}/one{i}.json", "w"))
PY
start=$(date +%s.%N); "$assay" validate "$csv" --suite "$scratch/fifty.json" --no-report > /dev/null || true; end=$(date +%s.%N)
fifty=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
start=$(date +%s.%N)
for i in $(seq 0 49); do "$assay" validate "$csv" --suite "$scratch/one$i.json" --no-report > /dev/null || true; done
end=$(date +%s.%N)
singles=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')

report="$(cat <<MD
## assay validate, $(date -u '+%Y-%m-%d %H:%M UTC')

$(basename "$csv") · $(nproc) cores · commit $(git -C "$REPO" rev-parse --short HEAD)

| 26-expectation lineitem suite (median of $ROUNDS; RSS highest) | wall s | peak RSS MiB |
|---|---:|---:|
| \`assay validate --no-report\` | $assay_seconds | $(peak assay) |
| \`assay validate\` (default: report folder with HTML) | $reported_seconds | $(peak reported) |
| DuckDB, one SQL query | $duckdb_seconds | $(peak duckdb) |

DuckDB / Assay: **$(awk -v d="$duckdb_seconds" -v a="$assay_seconds" 'BEGIN { printf "%.2f", d / a }')×** (target ≥ 2); with the report folder
$(awk -v d="$duckdb_seconds" -v a="$reported_seconds" 'BEGIN { printf "%.2f", d / a }')×. Verdicts: $verdicts.

| one pass | wall s |
|---|---:|
| 50 expectations, one run | $fifty |
| the same 50, one run each | $singles |
MD
)"
echo "$report"
mkdir -p "$(dirname "$REPORT")"
echo "$report" > "$REPORT"
