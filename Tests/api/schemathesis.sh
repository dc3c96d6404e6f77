#!/usr/bin/env bash
# Runs schemathesis 4.32.5 against Tillit's JSON API twice: with an API token and without one.
# Checks: no 5xx (not_a_server_error), every response matches its documented schema
# (response_schema_conformance) and its documented media type (content_type_conformance).
# Phases: coverage, fuzzing and stateful (examples too, though the document has none).
#
# Usage:  Tests/api/schemathesis.sh BASE_URL TOKEN [PYTHON]
#   BASE_URL  the running server, e.g. http://127.0.0.1:8097   (or env BASE_URL)
#   TOKEN     an API token, e.g. from `tillit token create`     (or env TOKEN)
#   PYTHON    a python with schemathesis==4.32.5 installed      (or env PYTHON, or $VENV/bin/python)
# Optional env:
#   SCHEMA        the document to test (default: $BASE_URL/api/v1/openapi.json, the server's own);
#                 a file path works too, requests then go to BASE_URL
#   MAX_EXAMPLES  cases per operation and phase (default 50: about 2,500 cases, 30-70 s per run here)
#   MAX_TIME      hard time budget per run in seconds (default 85)
#   SEED          fix the seed to replay a run (default: random; each run prints its seed)
#   REPORT_DIR    where JUnit reports go (default: a temporary directory)
# Exits non-zero if either run fails or generates fewer than MIN_CASES (default 1000) cases.
# Sends nothing anywhere but BASE_URL: schemathesis 4.32.5 has no telemetry or report upload.
set -uo pipefail

BASE_URL="${1:-${BASE_URL:-}}"
TOKEN="${2:-${TOKEN:-}}"
PYTHON="${3:-${PYTHON:-${VENV:+$VENV/bin/python}}}"
PYTHON="${PYTHON:-python3}"
if [[ "$PYTHON" == */* ]]; then
    PYTHON="$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")"   # absolute, without resolving the venv's symlink
else
    PYTHON="$(command -v "$PYTHON")"
fi
if [[ -z "$BASE_URL" || -z "$TOKEN" ]]; then
    echo "usage: $0 BASE_URL TOKEN [PYTHON]" >&2
    exit 2
fi
BASE_URL="${BASE_URL%/}"
SCHEMA="${SCHEMA:-$BASE_URL/api/v1/openapi.json}"
[[ "$SCHEMA" == /* || "$SCHEMA" == http* ]] || SCHEMA="$PWD/$SCHEMA"
MAX_EXAMPLES="${MAX_EXAMPLES:-50}"
MAX_TIME="${MAX_TIME:-85}"
MIN_CASES="${MIN_CASES:-1000}"

version="$("$PYTHON" -m schemathesis.cli --version 2>/dev/null || "$PYTHON" -c 'import schemathesis; print(schemathesis.__version__)' 2>/dev/null || true)"
if [[ "$version" != *4.32.5* ]]; then
    echo "schemathesis 4.32.5 is needed in $PYTHON (found: ${version:-none}); pip install schemathesis==4.32.5" >&2
    exit 2
fi

# Run in a scratch directory: no schemathesis.toml of the repository is picked up, and nothing
# (hypothesis database, reports) is written into the work tree.
WORK="$(mktemp -d /tmp/tillit-schemathesis.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
REPORT_DIR="${REPORT_DIR:-$WORK/reports}"
mkdir -p "$REPORT_DIR"
REPORT_DIR="$(cd "$REPORT_DIR" && pwd)"
: >"$WORK/schemathesis.toml"

export SCHEMATHESIS_TELEMETRY=false      # no such feature in 4.32.5; kept so a future version stays quiet
export NO_COLOR=1 PYTHONUNBUFFERED=1

FLAGS=(
    --url "$BASE_URL"
    --checks not_a_server_error,response_schema_conformance,content_type_conformance
    --phases examples,coverage,fuzzing,stateful
    --max-examples "$MAX_EXAMPLES"
    --max-time "$MAX_TIME"
    --workers 1
    --request-timeout 15
    --wait-for-schema 30
    --generation-database none
    --continue-on-failure
    --max-failures 50
    --output-truncate true
    --no-color
)
[[ -n "${SEED:-}" ]] && FLAGS+=(--seed "$SEED")

status=0
run() {
    local name="$1"; shift
    local log="$WORK/$name.log"
    echo "== schemathesis ($name): $SCHEMA -> $BASE_URL"
    (cd "$WORK" && "$PYTHON" -m schemathesis.cli --config-file "$WORK/schemathesis.toml" run "$SCHEMA" "${FLAGS[@]}" \
        --report junit --report-junit-path "$REPORT_DIR/schemathesis-$name.xml" "$@") >"$log" 2>&1
    local rc=$?
    # The failures and the summary, without the banner and the per-phase progress.
    sed -n '/^=\{3,\} FAILURES/,$p; /^=\{3,\} SUMMARY/,$p' "$log" | awk '!seen[$0]++' | cut -c1-400
    grep -q "SUMMARY" "$log" || tail -n 40 "$log"
    local cases
    cases="$(grep -Eo '[0-9]+ generated' "$log" | tail -n 1 | grep -Eo '[0-9]+')"
    cases="${cases:-0}"
    echo "schemathesis ($name): $cases cases generated, exit code $rc"
    if (( rc != 0 )); then status=1; fi
    if (( cases < MIN_CASES )); then
        echo "schemathesis ($name): fewer than $MIN_CASES cases generated" >&2
        status=1
    fi
}

run with-token -H "Authorization: Bearer $TOKEN"
run without-token

if (( status == 0 )); then
    echo "schemathesis: both runs passed"
else
    echo "schemathesis: FAILED (JUnit reports in $REPORT_DIR)"
    [[ "$REPORT_DIR" == "$WORK/reports" ]] && echo "(set REPORT_DIR to keep them)"
fi
exit "$status"
