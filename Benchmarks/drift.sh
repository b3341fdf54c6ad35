#!/usr/bin/env bash
# What drift checks cost: the 26-expectation lineitem suite alone, and with a distribution check
# on each of lineitem's 16 columns against a baseline profile of the same file (target: < 20% more
# time). Median of 3, alternating.
#   bash Benchmarks/drift.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
bash "$SHARED/bench/setup.sh" > /dev/null 2>&1
csv="$DATA/lineitem.csv"
swift build -c release --package-path "$REPO" > /dev/null
assay="$REPO/.build/release/assay"
scratch="$(mktemp -d /tmp/assay-drift.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
"$assay" profile "$csv" --json "$scratch/baseline.json" 2> /dev/null
python3 - "$SHARED/bench/lineitem_suite.json" "$scratch" <<'PY'
import json, sys
suite = json.load(open(sys.argv[1]))
columns = ["l_orderkey", "l_partkey", "l_suppkey", "l_linenumber", "l_quantity", "l_extendedprice", "l_discount", "l_tax",
           "l_returnflag", "l_linestatus", "l_shipdate", "l_commitdate", "l_receiptdate", "l_shipinstruct", "l_shipmode", "l_comment"]
drift = dict(suite, name="lineitem_drift", expectations=suite["expectations"] + [
    {"type": "expect_column_distribution_to_match_baseline", "kwargs": {"column": c}} for c in columns])
json.dump(drift, open(sys.argv[2] + "/drift.json", "w"))
PY
for round in 1 2 3; do
  /usr/bin/time -f '%e %M' -o "$scratch/plain.$round" "$assay" validate "$csv" --suite "$SHARED/bench/lineitem_suite.json" --no-report > /dev/null || true
  /usr/bin/time -f '%e %M' -o "$scratch/drift.$round" "$assay" validate "$csv" --suite "$scratch/drift.json" --baseline "$scratch/baseline.json" --no-report > /dev/null || true
  echo "round $round: 26 checks $(tail -n 1 "$scratch/plain.$round") · 26 + 16 drift $(tail -n 1 "$scratch/drift.$round")  (wall s, peak RSS KiB)"
done
median() { for f in "$scratch/$1".[0-9]*; do tail -n 1 "$f"; done | cut -d' ' -f1 | sort -g | sed -n 2p; }
plain=$(median plain); drift=$(median drift)
echo "median: 26 checks ${plain} s, with 16 drift checks ${drift} s: +$(python3 -c "print(f'{($drift/$plain-1)*100:.0f}')")% (target < 20%)"
