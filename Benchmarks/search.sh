#!/usr/bin/env bash
# Search latency of the knowledge bank at 100,000 examples, on SQLite and on PostgreSQL.
# Usage: bash Benchmarks/search.sh        (see Benchmarks/README.md)
# Environment: TILLIT_BENCH_POSTGRES_URL (a database the benchmark may empty; PostgreSQL is skipped
#              when unset), EXAMPLES (default 100000), QUERIES (default 500), WARMUP (default 50),
#              SEED (default 20260302), STRICT=1 to exit 1 on a missed goal.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export PATH="$PATH:/opt/swift/usr/bin"

EXAMPLES="${EXAMPLES:-100000}"
QUERIES="${QUERIES:-500}"
WARMUP="${WARMUP:-50}"
SEED="${SEED:-20260302}"
STRICT="${STRICT:-0}"
RESULTS="$REPO/Benchmarks/results-search-latest.txt"

WORK_DIR="$(mktemp -d /tmp/tillit-search-bench.XXXXXX)"
trap 'rm -rf "$WORK_DIR"' EXIT

echo "building the benchmark (release; the first release build takes several minutes)"
swift build -c release --product tillit-search-bench
BIN="$(swift build -c release --show-bin-path)/tillit-search-bench"

ARGS=(--examples "$EXAMPLES" --queries "$QUERIES" --warmup "$WARMUP" --seed "$SEED" --out "$WORK_DIR/results.txt"
      --demo "$REPO/Sources/TillitWeb/Assets/demo/examples.jsonl")

missed=0
run() {
    local status=0
    "$BIN" "$@" "${ARGS[@]}" || status=$?
    # The benchmark exits 3 when it measured but a goal was missed, anything else non-zero on an error.
    if [[ "$status" -eq 3 ]]; then missed=1; elif [[ "$status" -ne 0 ]]; then exit "$status"; fi
}

echo
echo "SQLite (a new file in $WORK_DIR)"
run --sqlite "$WORK_DIR/bench.sqlite"
rm -f "$WORK_DIR"/bench.sqlite*

if [[ -n "${TILLIT_BENCH_POSTGRES_URL:-}" ]]; then
    echo
    echo "PostgreSQL (TILLIT_BENCH_POSTGRES_URL; its tables are replaced)"
    run --postgres "$TILLIT_BENCH_POSTGRES_URL"
else
    echo "TILLIT_BENCH_POSTGRES_URL is not set: PostgreSQL skipped" | tee -a "$WORK_DIR/results.txt"
fi

{
    echo "Tillit search benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); release build"
    echo
    cat "$WORK_DIR/results.txt"
} > "$RESULTS"
echo
echo "written to ${RESULTS#"$REPO"/}"
if [[ "$missed" -eq 1 ]]; then
    echo "a goal was missed"
    [[ "$STRICT" == "1" ]] && exit 1
fi
exit 0
