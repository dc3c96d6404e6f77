#!/usr/bin/env bash
# A national-scale survey round through the Follow up loop's own code, beside DuckDB in the same run.
# Usage: bash Benchmarks/followup.sh            (see Benchmarks/README.md)
# Environment: RESPONDENTS (default 1500000), UNITS (default 20000), SEED, KEEP=1 to keep the data.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export PATH="$PATH:/opt/swift/usr/bin"
RESPONDENTS="${RESPONDENTS:-1500000}"
UNITS="${UNITS:-20000}"
SEED="${SEED:-20261206}"
RESULTS="$REPO/Benchmarks/results-followup-latest.txt"

# REUSE=DIR measures again the round an earlier run kept (KEEP=1 prints where).
if [[ -n "${REUSE:-}" ]]; then
    WORK_DIR="$REUSE"
else
    WORK_DIR="$(mktemp -d /tmp/tillit-followup-bench.XXXXXX)"
    [[ "${KEEP:-0}" == 1 ]] && echo "keeping the data in $WORK_DIR" || trap 'rm -rf "$WORK_DIR"' EXIT
fi

echo "building the benchmark (release; the first release build takes several minutes)"
swift build -c release --product tillit-followup-bench
BIN="$(swift build -c release --show-bin-path)/tillit-followup-bench"

VENV="${VENV:-$WORK_DIR/venv}"
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import duckdb' 2>/dev/null; then
    echo "installing DuckDB 1.1.3 from PyPI into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet duckdb==1.1.3
fi

"$BIN" --sqlite "$WORK_DIR/round.sqlite" --csv "$WORK_DIR/csv" --respondents "$RESPONDENTS" --units "$UNITS" --seed "$SEED" \
    --out "$WORK_DIR/tillit.txt" ${REUSE:+--reuse}
grep '^ours_subtree_sums_s=' "$WORK_DIR/tillit.txt" | cut -d= -f2 > "$WORK_DIR/csv/ours-time.txt"
echo
"$VENV/bin/python" "$REPO/Benchmarks/followup-duckdb.py" "$WORK_DIR/csv" | tee "$WORK_DIR/duckdb.txt"
{ grep -v '^ours_subtree_sums_s=' "$WORK_DIR/tillit.txt"; echo; cat "$WORK_DIR/duckdb.txt"; } > "$RESULTS"
echo
echo "written to $RESULTS"
