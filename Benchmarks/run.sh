#!/usr/bin/env bash
# Runs Assay's benchmarks, then times `assay profile` against DuckDB SUMMARIZE on the same file.
#   bash Benchmarks/run.sh            # lineitem.csv (6,001,215 rows, 737 MiB): several minutes
#   bash Benchmarks/run.sh --quick    # its first 1,000,000 rows: checks that everything runs
# Inputs and the DuckDB peer come from ../shared/bench/setup.sh (ASSAY_SHARED_DIR moves it;
# ASSAY_BENCH_DATA and ASSAY_BENCH_VENV move the data and the Python venv). The summary table is
# printed last and written to reports/bench-latest.md.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
export ASSAY_BENCH_DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
export ASSAY_BENCH_VENV="${ASSAY_BENCH_VENV:-$HOME/.cache/assay-bench/venv}"
# Assay and DuckDB run alternately this many times each: the two cores are shared, so both
# tools see the same noise and the ratio is what to quote (bench/README.md).
PROFILE_ROUNDS=3
QUICK_ROW_COUNT=1000000
REPORT="$REPO/reports/bench-latest.md"

quick=false
for argument in "$@"; do
  case "$argument" in
    --quick) quick=true ;;
    *) echo "usage: bash Benchmarks/run.sh [--quick]" >&2; exit 2 ;;
  esac
done

echo "== inputs and peers"
bash "$SHARED/bench/setup.sh"
csv="$ASSAY_BENCH_DATA/lineitem.csv"
kernel_rows=()
if $quick; then
  prefix="$ASSAY_BENCH_DATA/lineitem-$QUICK_ROW_COUNT.csv"
  if [ ! -s "$prefix" ] || [ "$csv" -nt "$prefix" ]; then
    head -n $((QUICK_ROW_COUNT + 1)) "$csv" > "$prefix.partial"
    mv "$prefix.partial" "$prefix"
  fi
  csv="$prefix"
  kernel_rows=(--rows "$QUICK_ROW_COUNT")
fi

echo "== release builds"
swift build -c release --package-path "$REPO"
# An incremental build of this package misses files added to Assay (a path dependency): start clean.
rm -rf "$REPO/Benchmarks/.build"
swift build -c release --package-path "$REPO/Benchmarks"
assay="$REPO/.build/release/assay"
bench="$REPO/Benchmarks/.build/release/assay-bench"

scratch="$(mktemp -d /tmp/assay-bench.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
workers="$(nproc)"

echo "== CSV ingest and kernels"
"$bench" csv-ingest "$csv" --workers 1 | tee -a "$scratch/bench.out"
if [ "$workers" -gt 1 ]; then
  "$bench" csv-ingest "$csv" --workers "$workers" | tee -a "$scratch/bench.out"
fi
"$bench" kernels "${kernel_rows[@]}" | tee -a "$scratch/bench.out"

# The value of one of assay-bench's JSON lines: {"bench": NAME, "value": V, "unit": U}.
measured() {
  grep -F "{\"bench\": \"$1\"," "$scratch/bench.out" | sed -E 's/.*"value": ([^,]+),.*/\1/'
}

# polars (read_csv + describe) is the profile issue's second peer; installed into the venv if missing.
"$ASSAY_BENCH_VENV/bin/python" -c "import polars" 2> /dev/null || "$ASSAY_BENCH_VENV/bin/pip" install -q polars > /dev/null
echo "== profile: assay vs DuckDB SUMMARIZE and polars read_csv + describe, $PROFILE_ROUNDS alternating rounds"
for round in $(seq "$PROFILE_ROUNDS"); do
  /usr/bin/time -f '%e %M' -o "$scratch/assay.$round" \
    "$assay" profile "$csv" --json "$scratch/profile.json" --html "$scratch/profile.html"
  /usr/bin/time -f '%e %M' -o "$scratch/duckdb.$round" \
    "$ASSAY_BENCH_VENV/bin/python" "$SHARED/bench/duckdb_peer.py" summarize "$csv" > /dev/null
  /usr/bin/time -f '%e %M' -o "$scratch/polars.$round" \
    "$ASSAY_BENCH_VENV/bin/python" "$REPO/Benchmarks/polars_peer.py" "$csv" > /dev/null
  echo "round $round: assay $(cat "$scratch/assay.$round") · duckdb $(cat "$scratch/duckdb.$round") · polars $(cat "$scratch/polars.$round")  (wall s, peak RSS KiB)"
done

# Median wall seconds of a tool's rounds.
median_seconds() {
  cat "$scratch/$1".* | cut -d' ' -f1 | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# Highest peak RSS of a tool's rounds, in MiB.
peak_mebibytes() {
  cat "$scratch/$1".* | cut -d' ' -f2 | sort -g | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'
}
assay_seconds="$(median_seconds assay)"
duckdb_seconds="$(median_seconds duckdb)"
assay_peak="$(peak_mebibytes assay)"
duckdb_peak="$(peak_mebibytes duckdb)"
polars_seconds="$(median_seconds polars)"
polars_peak="$(peak_mebibytes polars)"
ratio="$(awk -v d="$duckdb_seconds" -v a="$assay_seconds" 'BEGIN { printf "%.2f", d / a }')"
polars_ratio="$(awk -v d="$polars_seconds" -v a="$assay_seconds" 'BEGIN { printf "%.2f", d / a }')"

# "met" or "not met" for `value op target`, op one of >=, > or <.
verdict() {
  awk -v value="$1" -v op="$2" -v target="$3" 'BEGIN {
    met = op == ">=" ? value >= target : op == ">" ? value > target : value < target
    print (met ? "met" : "not met")
  }'
}
one_decimal() { awk -v x="$1" 'BEGIN { printf "%.1f", x }'; }
millions() { awk -v x="$1" 'BEGIN { printf "%.1f M", x / 1e6 }'; }

single_core="$(measured csv-ingest.workers-1.mb-per-s)"
all_cores="$(measured "csv-ingest.workers-$workers.mb-per-s")"
all_cores_per_core="$(measured "csv-ingest.workers-$workers.mb-per-s-per-core")"
commit="$(git -C "$REPO" rev-parse --short HEAD)"
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
  commit="$commit + uncommitted changes"
fi

report="$(cat <<EOF
## Assay benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')

$(basename "$csv") ($(stat -c %s "$csv") bytes) · $workers cores · commit $commit · OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}

| measurement | result | target |
|---|---:|---|
| CSV ingest, 1 worker | $(one_decimal "$single_core") MB/s | ≥ 300 MB/s per core: $(verdict "$single_core" '>=' 300) |
| CSV ingest, $workers workers | $(one_decimal "$all_cores") MB/s ($(one_decimal "$all_cores_per_core") per core) | ≥ 300 MB/s per core: $(verdict "$all_cores_per_core" '>=' 300) |
| moments (ofDense + merge), 1 core | $(millions "$(measured kernels.moments.rows-per-s)") rows/s | |
| co-moments k=8, 1 core | $(millions "$(measured kernels.co-moments-k8.rows-per-s)") rows/s | |
| co-moments k=8, 5% missing | $(millions "$(measured kernels.co-moments-k8-missing-5pct.rows-per-s)") rows/s | |
| co-moments k=20, 1 core | $(millions "$(measured kernels.co-moments-k20.rows-per-s)") rows/s | |
| co-moments k=20, 5% missing | $(millions "$(measured kernels.co-moments-k20-missing-5pct.rows-per-s)") rows/s | |

| profile job (wall: median of $PROFILE_ROUNDS; RSS: highest) | wall s | peak RSS MiB |
|---|---:|---:|
| \`assay profile\` | $assay_seconds | $assay_peak |
| DuckDB \`SUMMARIZE\` | $duckdb_seconds | $duckdb_peak |
| polars \`read_csv\` + \`describe\` | $polars_seconds | $polars_peak |

DuckDB / Assay wall time: **${ratio}×**, polars / Assay: **${polars_ratio}×** (target > 1 for both:
$(verdict "$ratio" '>' 1), $(verdict "$polars_ratio" '>' 1)) · Assay peak RSS $assay_peak MiB (target < 500 MiB: $(verdict "$assay_peak" '<' 500))
EOF
)"

mkdir -p "$(dirname "$REPORT")"
printf '%s\n' "$report" > "$REPORT.partial"
mv "$REPORT.partial" "$REPORT"
echo
printf '%s\n' "$report"
echo
echo "written to $REPORT"
