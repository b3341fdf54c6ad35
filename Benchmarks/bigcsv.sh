#!/usr/bin/env bash
# Validates a ~5 GiB CSV — TPC-H lineitem SF1 (737 MiB) with its rows written 7 times — with the
# 26-expectation benchmark suite, and reports wall time and peak RSS. The target is memory, not
# speed: streaming must keep the peak under 1 GiB however large the file.
#   bash Benchmarks/bigcsv.sh              # builds release, 7 copies
#   COPIES=2 bash Benchmarks/bigcsv.sh     # a smaller file
#   ASSAY_BIN=/path/to/assay bash Benchmarks/bigcsv.sh   # an existing release binary
# The file is generated in /tmp (streamed with cat, never held in memory) and deleted on exit.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
COPIES="${COPIES:-7}"
RSS_TARGET_KIB=$((1024 * 1024))

bash "$SHARED/bench/setup.sh" > /dev/null 2>&1
source_csv="$DATA/lineitem.csv"
if [ -z "${ASSAY_BIN:-}" ]; then
  swift build -c release --package-path "$REPO" > /dev/null
  ASSAY_BIN="$REPO/.build/release/assay"
fi
suite="$SHARED/bench/lineitem_suite.json"

scratch="$(mktemp -d /tmp/assay-bigcsv.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
need_kib=$(( $(stat -c %s "$source_csv") / 1024 * COPIES + 1024 * 1024 ))
free_kib=$(df -k --output=avail "$scratch" | tail -n 1)
if [ "$free_kib" -lt "$need_kib" ]; then
  echo "bigcsv: $scratch has $((free_kib / 1024)) MiB free, the file needs $((need_kib / 1024)) MiB" >&2
  exit 1
fi

big="$scratch/lineitem-x$COPIES.csv"
head -n 1 "$source_csv" > "$big"
for _ in $(seq "$COPIES"); do tail -n +2 "$source_csv" >> "$big"; done
size=$(stat -c %s "$big")
rows=$(( ($(wc -l < "$source_csv") - 1) * COPIES ))
echo "== $big: $((size / 1024 / 1024)) MiB, $rows rows; suite $(basename "$suite")"

# Exit 1 is expected: the suite's l_comment uniqueness check fails by design.
status=0
/usr/bin/time -f '%e %M' -o "$scratch/time" "$ASSAY_BIN" validate "$big" --suite "$suite" --json "$scratch/result.json" \
  --report-dir "$scratch/reports" > "$scratch/summary.txt" || status=$?
if [ "$status" -gt 1 ]; then
  echo "bigcsv: assay exited $status" >&2
  cat "$scratch/summary.txt" >&2
  exit 1
fi
read -r wall rss_kib < <(tail -n 1 "$scratch/time")
head -n 1 "$scratch/summary.txt"
echo "wall ${wall} s, $(awk -v b="$size" -v s="$wall" 'BEGIN { printf "%.0f", b / s / 1048576 }') MB/s, peak RSS $((rss_kib / 1024)) MiB (target < $((RSS_TARGET_KIB / 1024)) MiB)"
if [ "$rss_kib" -ge "$RSS_TARGET_KIB" ]; then
  echo "bigcsv: peak RSS over the target" >&2
  exit 2
fi
