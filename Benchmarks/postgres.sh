#!/usr/bin/env bash
# Issue 9's target: lineitem SF1 in a local PostgreSQL; the 26-expectation benchmark suite with
# pushdown against PostgreSQL's own time for the equivalent hand-written aggregate query
# (Benchmarks/postgres_peer.py, run with psql), and the bytes Assay received. Also the suite
# streamed (--pushdown off) for reference. Medians of 3 alternating rounds.
#   bash Benchmarks/postgres.sh          (starts and stops its own throw-away cluster)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${ASSAY_SHARED_DIR:-$REPO/../shared}"
DATA="${ASSAY_BENCH_DATA:-$HOME/.cache/assay-bench/data}"
VENV="${ASSAY_BENCH_VENV:-$HOME/.cache/assay-bench/venv}"
bash "$SHARED/bench/setup.sh" > /dev/null 2>&1
swift build -c release --package-path "$REPO" > /dev/null
assay="$REPO/.build/release/assay"
scratch="$(mktemp -d /tmp/assay-pgbench.XXXXXX)"
export ASSAY_PG_STATE="$scratch/cluster.state"
trap '"$REPO/scripts/pg-cluster" stop > /dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
url="$("$REPO/scripts/pg-cluster" start)"
"$REPO/scripts/pg-load-lineitem" "$url" "$DATA/lineitem.csv" >&2
psql "$url" -q -c "VACUUM ANALYZE lineitem"
python3 "$REPO/Benchmarks/postgres_peer.py" "$url" "$SHARED/bench/lineitem_suite.json" lineitem > "$scratch/peer.sql"
suite="$SHARED/bench/lineitem_suite.json"
for round in 1 2 3; do
  /usr/bin/time -f '%e %M' -o "$scratch/pushed.$round" \
    "$assay" validate "$url?table=lineitem" --suite "$suite" --no-report --json "$scratch/pushed.json" > /dev/null || true
  /usr/bin/time -f '%e %M' -o "$scratch/peer.$round" psql "$url" -q -o /dev/null -f "$scratch/peer.sql"
  /usr/bin/time -f '%e %M' -o "$scratch/streamed.$round" \
    "$assay" validate "$url?table=lineitem" --suite "$suite" --no-report --pushdown off > /dev/null || true
  echo "round $round: assay pushdown $(tail -n 1 "$scratch/pushed.$round") · hand-written query (psql) $(tail -n 1 "$scratch/peer.$round") · assay streamed $(tail -n 1 "$scratch/streamed.$round")  (wall s, peak RSS KiB)"
done
median() { for f in "$scratch/$1".[0-9]; do tail -n 1 "$f"; done | cut -d' ' -f1 | sort -g | sed -n 2p; }
python3 - "$(median pushed)" "$(median peer)" "$(median streamed)" "$scratch/pushed.json" <<'PY'
import json, sys
pushed, peer, streamed = map(float, sys.argv[1:4])
report = json.load(open(sys.argv[4]))["meta"]["pushdown"]
print(f"median: assay with pushdown {pushed:.2f} s · hand-written aggregate query {peer:.2f} s · assay streamed {streamed:.2f} s")
print(f"pushdown / hand-written = {pushed / peer:.2f} (target ≤ 1.20); {report['pushed_metrics']} metrics pushed, "
      f"{len(report['streamed_metrics'])} streamed, {report['bytes_received']:,} bytes received (target < 1 MB)")
PY
