#!/usr/bin/env bash
# HTTP throughput and latency of the demo server, measured with wrk on this machine.
# Usage: bash Benchmarks/http.sh        (see Benchmarks/README.md)
# Environment: PORT (default 8098), DURATION (default 10s), WARMUP (default 2s),
#              THREADS (default 2), CONNECTIONS (default 50), STRICT=1 to exit 1 on a missed goal.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export PATH="$PATH:/opt/swift/usr/bin"

PORT="${PORT:-8098}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"
STRICT="${STRICT:-0}"
BASE="http://127.0.0.1:$PORT"
ORG_SLUG="tillitsby"
ADMIN_EMAIL="admin@tillitsby.se"
DEMO_PASSWORD="demo-tillit-2026"
RESULTS="$REPO/Benchmarks/results-latest.txt"
# Goals for rendered HTML pages.
GOAL_RATIO="0.30"
GOAL_P99_MS="25"

WORK_DIR="$(mktemp -d /tmp/tillit-bench.XXXXXX)"
DATA_DIR="$WORK_DIR/data"
SERVER_LOG="$WORK_DIR/server.log"
SERVER_PID=""
mkdir -p "$DATA_DIR"

cleanup() {
    local status=$?
    set +e
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    rm -rf "$WORK_DIR"
    return $status
}
trap cleanup EXIT

die() {
    echo "error: $*" >&2
    if [[ -f "$SERVER_LOG" ]]; then
        echo "server log (last 30 lines):" >&2
        tail -n 30 "$SERVER_LOG" >&2 || true
    fi
    exit 1
}

# --- tools ------------------------------------------------------------------------------------
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
command -v python3 >/dev/null || missing+=(python3)
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing ${missing[*]} with apt-get"
    $SUDO apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- build and start --------------------------------------------------------------------------
echo "building release binary (the first release build takes several minutes)"
start=$(date +%s)
swift build -c release --product tillit
echo "build took $(( $(date +%s) - start )) s"

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already in use (set PORT=...)"
fi
.build/release/tillit serve --demo --port "$PORT" --data-dir "$DATA_DIR" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
ready=no
for _ in $(seq 1 120); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up"
    if [[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/healthz" || true)" == "200" ]]; then
        ready=yes
        break
    fi
    sleep 0.5
done
[[ "$ready" == yes ]] || die "no 200 from $BASE/healthz within 60 s"

# --- credentials and paths --------------------------------------------------------------------
TOKEN="$(.build/release/tillit token create --user "$ADMIN_EMAIL" --data-dir "$DATA_DIR" | tail -n 1 | tr -d '[:space:]')"
[[ -n "$TOKEN" ]] || die "tillit token create printed no token"
AUTH="Authorization: Bearer $TOKEN"

json_first_id() {
    # Reads {"items":[{"id":...,...}]} on stdin; prefers the item whose slug is $1, if given.
    python3 -c '
import json, sys
try:
    items = json.load(sys.stdin).get("items") or []
except ValueError:
    sys.exit("the answer was not JSON")
want = sys.argv[1] if len(sys.argv) > 1 else ""
chosen = next((i for i in items if want and i.get("slug") == want), items[0] if items else None)
if chosen is None:
    sys.exit("no items in the answer")
print(chosen["id"])
' "$@"
}

ORG_ID="$(curl -sf -H "$AUTH" "$BASE/api/v1/organisations" | json_first_id "$ORG_SLUG")" \
    || die "GET /api/v1/organisations with the token failed"
UNIT_ID="$(curl -sf -H "$AUTH" "$BASE/api/v1/organisations/$ORG_ID/units?per_page=1" | json_first_id)" \
    || die "GET /api/v1/organisations/$ORG_ID/units failed"
UNIT_PATH="/o/$ORG_SLUG/enheter/$UNIT_ID"
API_PATH="/api/v1/organisations/$ORG_ID/units?per_page=20"

# Sign in through the form like a browser: GET the form (CSRF cookie + hidden field), then POST.
JAR="$WORK_DIR/cookies.txt"
CSRF="$(curl -sf -c "$JAR" "$BASE/logga-in" | python3 -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    value = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "_csrf" and self.value is None:
            self.value = a.get("value")
p = P(); p.feed(sys.stdin.read())
if not p.value:
    sys.exit("no _csrf field on /logga-in")
print(p.value)
')" || die "could not read the sign-in form"
curl -sf -o /dev/null -b "$JAR" -c "$JAR" \
    --data-urlencode "email=$ADMIN_EMAIL" \
    --data-urlencode "password=$DEMO_PASSWORD" \
    --data-urlencode "_csrf=$CSRF" \
    "$BASE/logga-in" || die "POST /logga-in failed"
SESSION="$(awk -F'\t' '$6 == "tillit_session" { print $7 }' "$JAR" | tail -n 1)"
[[ -n "$SESSION" ]] || die "signing in set no tillit_session cookie"
COOKIE="Cookie: tillit_session=$SESSION"

# --- targets: label | kind | path | header --------------------------------------------------
TARGETS=(
    "/healthz|baseline|/healthz|"
    "/ (start page)|page|/|"
    "unit page $UNIT_PATH|page|$UNIT_PATH|$COOKIE"
    "API $API_PATH|api|$API_PATH|$AUTH"
    "requirements overview /o/$ORG_SLUG/kravbild|page|/o/$ORG_SLUG/kravbild|$COOKIE"
    "API /api/v1/requirements?organisation=$ORG_ID&sort=cost|api|/api/v1/requirements?organisation=$ORG_ID&sort=cost|$AUTH"
)

for t in "${TARGETS[@]}"; do
    IFS='|' read -r label kind path header <<<"$t"
    args=(-s -o /dev/null -w '%{http_code}')
    [[ -n "$header" ]] && args+=(-H "$header")
    code="$(curl "${args[@]}" "$BASE$path")"
    [[ "$code" == "200" ]] || die "$label answered $code, not 200 (nothing to measure)"
done

# --- measure ----------------------------------------------------------------------------------
to_ms() {
    # wrk prints latencies like 812.00us, 3.21ms, 1.02s
    python3 -c '
import re, sys
m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", sys.argv[1])
if not m:
    sys.exit("cannot read latency " + sys.argv[1])
factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]
print(f"{float(m.group(1)) * factor:.2f}")
' "$1"
}

declare -a ROWS=()
BASE_RPS=""
missed=0
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up) against $BASE"
for t in "${TARGETS[@]}"; do
    IFS='|' read -r label kind path header <<<"$t"
    hdr=()
    [[ -n "$header" ]] && hdr=(-H "$header")
    echo "measuring $label"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${hdr[@]}" "$BASE$path" >/dev/null
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${hdr[@]}" "$BASE$path")"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p99raw="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    bad="$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' <<<"$out")"
    errors="$(grep -E '^ *Socket errors' <<<"$out" || true)"
    [[ -n "$rps" && -n "$p99raw" ]] || { echo "$out"; die "could not read wrk's output for $label"; }
    p99="$(to_ms "$p99raw")"
    [[ -z "$BASE_RPS" ]] && BASE_RPS="$rps"
    ratio="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$rps" "$BASE_RPS")"
    verdict="-"
    if [[ "$kind" == "page" ]]; then
        if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= $GOAL_RATIO and float(sys.argv[2]) < $GOAL_P99_MS else 1)" "$ratio" "$p99"; then
            verdict="met"
        else
            verdict="MISSED"
            missed=$((missed + 1))
        fi
    fi
    note=""
    [[ -n "$bad" ]] && note="$bad non-2xx/3xx answers"
    [[ -n "$errors" ]] && note="${note:+$note; }$(echo "$errors" | sed 's/^ *//')"
    ROWS+=("$(printf '%-48s %10.0f %9s %7s  %-6s %s' "$label" "$rps" "$p99" "$ratio" "$verdict" "$note" | sed 's/ *$//')")
done

{
    echo "Tillit HTTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $WARMUP warm-up; release build, demo data, SQLite"
    echo "goal for rendered pages: req/s >= ${GOAL_RATIO} x /healthz and p99 < ${GOAL_P99_MS} ms"
    echo
    printf '%-48s %10s %9s %7s  %-6s %s\n' "target" "req/s" "p99 ms" "ratio" "goal" "notes" | sed 's/ *$//'
    printf '%s\n' "${ROWS[@]}"
} | tee "$RESULTS"
echo
echo "written to ${RESULTS#"$REPO"/}"
if [[ "$missed" -gt 0 ]]; then
    echo "$missed page(s) missed the goal"
    [[ "$STRICT" == "1" ]] && exit 1
fi
exit 0
