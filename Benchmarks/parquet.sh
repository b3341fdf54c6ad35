#!/usr/bin/env bash
# Issue 8's target: read TPC-H lineitem SF1 Parquet into columns and run the 26-expectation
# benchmark suite, against DuckDB's SUMMARIZE and polars' read_parquet + describe on the same
# file, in the same run (medians of 3 alternating rounds; peak RSS of the median round's
# process). Also `assay profile` of the Parquet file, for reference.
#   bash Benchmarks/parquet.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
VENV="${ASSAY_BENCH_VENV:-$HOME/.cache/assay-bench/venv}"
bash "$SHARED/bench/setup.sh" > /dev/null 2>&1
"$VENV/bin/python" -c "import polars" 2> /dev/null || "$VENV/bin/pip" install -q polars > /dev/null
parquet="$DATA/lineitem.parquet"
swift build -c release --package-path "$REPO" > /dev/null
assay="$REPO/.build/release/assay"
scratch="$(mktemp -d /tmp/assay-parquet.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
for round in 1 2 3; do
  /usr/bin/time -f '%e %M' -o "$scratch/validate.$round" \
    "$assay" validate "$parquet" --suite "$SHARED/bench/lineitem_suite.json" --no-report > /dev/null || true
  /usr/bin/time -f '%e %M' -o "$scratch/profile.$round" "$assay" profile "$parquet" --json "$scratch/profile.json" 2> /dev/null
  /usr/bin/time -f '%e %M' -o "$scratch/duckdb.$round" "$VENV/bin/python" "$SHARED/bench/duckdb_peer.py" summarize "$parquet" > /dev/null
  /usr/bin/time -f '%e %M' -o "$scratch/polars.$round" "$VENV/bin/python" "$REPO/Benchmarks/polars_peer.py" "$parquet" > /dev/null
  /usr/bin/time -f '%e %M' -o "$scratch/duckquery.$round" \
    "$VENV/bin/python" "$SHARED/bench/duckdb_peer.py" validate "$parquet" "$SHARED/bench/lineitem_suite.json" > /dev/null
  echo "round $round: assay validate $(tail -n 1 "$scratch/validate.$round") · assay profile $(tail -n 1 "$scratch/profile.$round") · duckdb summarize $(tail -n 1 "$scratch/duckdb.$round") · polars $(tail -n 1 "$scratch/polars.$round") · duckdb suite query $(tail -n 1 "$scratch/duckquery.$round")  (wall s, peak RSS KiB)"
done
# The median round by wall time, and that round's peak RSS.
median() { for f in "$scratch/$1".[0-9]; do tail -n 1 "$f"; done | sort -g | sed -n 2p; }
read -r validate validate_kib <<< "$(median validate)"
read -r profile profile_kib <<< "$(median profile)"
read -r duckdb duckdb_kib <<< "$(median duckdb)"
read -r polars polars_kib <<< "$(median polars)"
read -r query query_kib <<< "$(median duckquery)"
python3 - "$validate" "$validate_kib" "$profile" "$profile_kib" "$duckdb" "$duckdb_kib" "$polars" "$polars_kib" "$query" "$query_kib" <<'PY'
import sys
v, vk, p, pk, d, dk, o, ok, q, qk = map(float, sys.argv[1:])
print(f"median: assay validate {v:.2f} s / {vk/1024:.0f} MiB · assay profile {p:.2f} s / {pk/1024:.0f} MiB · "
      f"DuckDB SUMMARIZE {d:.2f} s / {dk/1024:.0f} MiB · polars read_parquet + describe {o:.2f} s / {ok/1024:.0f} MiB")
print(f"validate vs DuckDB {d/v:.2f}×, vs polars {o/v:.2f}× (target > 1 for both); peak RSS {vk/1024:.0f} MiB (target < 500)")
print(f"(for reference: the suite as one DuckDB query on the Parquet file {q:.2f} s / {qk/1024:.0f} MiB: {q/v:.2f}×)")
PY
