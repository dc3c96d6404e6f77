#!/usr/bin/env bash
# Search quality of the knowledge bank on the judged evaluation set (Benchmarks/SearchQuality), beside
# an SQLite FTS5 + Snowball BM25 baseline with OR semantics over the same examples, in the same run.
# Usage: bash Benchmarks/search-quality.sh        (see Benchmarks/README.md)
# Environment: TILLIT_BENCH_POSTGRES_URL (a database the run may empty: the rankings are then also
#              made on PostgreSQL and compared with SQLite's), STRICT=1 to exit 1 on a missed goal.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export PATH="$PATH:/opt/swift/usr/bin"
STRICT="${STRICT:-0}"
RESULTS="$REPO/Benchmarks/results-search-quality-latest.txt"

WORK_DIR="$(mktemp -d /tmp/tillit-search-quality.XXXXXX)"
trap 'rm -rf "$WORK_DIR"' EXIT

echo "building the benchmark (release; the first release build takes several minutes)"
swift build -c release --product tillit-search-bench
BIN="$(swift build -c release --show-bin-path)/tillit-search-bench"

# The baseline's Snowball stemmer, from PyPI, in a virtual environment of its own.
VENV="${TILLIT_BENCH_VENV:-$REPO/.build/search-quality-venv}"
if [[ ! -x "$VENV/bin/python" ]]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -c "import snowballstemmer" 2>/dev/null || "$VENV/bin/pip" install --quiet "snowballstemmer>=3,<4"

echo "ranking the judged queries (SQLite)"
"$BIN" --sqlite "$WORK_DIR/quality.sqlite" --quality "$REPO/Benchmarks/SearchQuality" --out "$WORK_DIR/sqlite.json"
PG_ARGS=()
if [[ -n "${TILLIT_BENCH_POSTGRES_URL:-}" ]]; then
    echo "ranking the judged queries (PostgreSQL, TILLIT_BENCH_POSTGRES_URL; its tables are replaced)"
    "$BIN" --postgres "$TILLIT_BENCH_POSTGRES_URL" --quality "$REPO/Benchmarks/SearchQuality" --out "$WORK_DIR/postgres.json"
    PG_ARGS=(--tillit-postgres "$WORK_DIR/postgres.json")
else
    echo "TILLIT_BENCH_POSTGRES_URL is not set: PostgreSQL skipped"
fi

echo
status=0
{
    echo "Tillit search quality, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo
} > "$RESULTS"
"$VENV/bin/python" "$REPO/Benchmarks/SearchQuality/evaluate.py" --tillit "$WORK_DIR/sqlite.json" "${PG_ARGS[@]}" --out "$RESULTS" || status=$?
echo
echo "written to ${RESULTS#"$REPO"/}"
if [[ "$status" -eq 3 ]]; then
    echo "a goal was missed"
    [[ "$STRICT" == "1" ]] && exit 1
elif [[ "$status" -ne 0 ]]; then
    exit "$status"
fi
exit 0
