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
# Goals for every page and API list.
GOAL_RATIO="${GOAL_RATIO:-0.50}"
GOAL_P99_MS="${GOAL_P99_MS:-15}"

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
# TILLIT_BIN=path measures that binary instead of building (an earlier build, to compare).
BIN="${TILLIT_BIN:-.build/release/tillit}"
if [[ -z "${TILLIT_BIN:-}" ]]; then
    echo "building release binary (the first release build takes several minutes)"
    start=$(date +%s)
    swift build -c release --product tillit
    echo "build took $(( $(date +%s) - start )) s"
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT is already in use (set PORT=...)"
fi
"$BIN" serve --demo --port "$PORT" --data-dir "$DATA_DIR" >"$SERVER_LOG" 2>&1 &
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
TOKEN="$("$BIN" token create --user "$ADMIN_EMAIL" --data-dir "$DATA_DIR" | tail -n 1 | tr -d '[:space:]')"
[[ -n "$TOKEN" ]] || die "tillit token create printed no token"
AUTH="Authorization: Bearer $TOKEN"

json_pick() {
    # Reads {"items":[...]} on stdin and prints field $1 of the item whose field $2 equals $3
    # (the first item when $2 is empty).
    python3 -c '
import json, sys
try:
    items = json.load(sys.stdin).get("items") or []
except ValueError:
    sys.exit("the answer was not JSON")
field, key, want = sys.argv[1], sys.argv[2], sys.argv[3]
chosen = next((i for i in items if not key or str(i.get(key)) == want), None)
if chosen is None:
    sys.exit("no such item in the answer")
print(chosen[field])
' "$1" "${2:-}" "${3:-}"
}

api() { curl -sf -H "$AUTH" "$BASE$1"; }
ORG_ID="$(api /api/v1/organisations | json_pick id slug "$ORG_SLUG")" || die "GET /api/v1/organisations with the token failed"
UNITS_JSON="$(api "/api/v1/organisations/$ORG_ID/units?per_page=100")" || die "GET /api/v1/organisations/$ORG_ID/units failed"
unit_id() { json_pick id name "$1" <<<"$UNITS_JSON" || die "no unit named $1 in the demo"; }
UNIT_ID="$(unit_id "Vård- och omsorgsförvaltningen")"
HEMTJANST_ID="$(unit_id "Hemtjänst")"
TEAM_ID="$(unit_id "Team Norr A")"
EXAMPLE_ID="$(api "/api/v1/examples?per_page=1" | json_pick id)" || die "no example in the demo"
PILOT_ID="$(api /api/v1/pilots | json_pick id)" || die "no pilot in the demo"
REPORT_PATH="$(api /api/v1/reports | json_pick url | sed -E 's#^https?://[^/]+##')" || die "no report in the demo"

# Sign in through the form like a browser: GET the form (CSRF cookie + hidden field), then POST.
# Prints the session cookie's value.
sign_in() {
    local jar="$WORK_DIR/cookies-$1.txt" csrf session
    csrf="$(curl -sf -c "$jar" "$BASE/logga-in" | python3 -c '
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
    curl -sf -o /dev/null -b "$jar" -c "$jar" \
        --data-urlencode "email=$1" \
        --data-urlencode "password=$DEMO_PASSWORD" \
        --data-urlencode "_csrf=$csrf" \
        "$BASE/logga-in" || die "POST /logga-in as $1 failed"
    session="$(awk -F'\t' '$6 == "tillit_session" { print $7 }' "$jar" | tail -n 1)"
    [[ -n "$session" ]] || die "signing in as $1 set no tillit_session cookie"
    echo "Cookie: tillit_session=$session"
}
ADMIN="$(sign_in "$ADMIN_EMAIL")"
STAFF="$(sign_in medarbetare@tillitsby.se)"
MANAGER="$(sign_in chef.hemtjanst@tillitsby.se)"
BOARD="$(sign_in styrelse@tillitsby.se)"

# The newest round of the trust barometer, finished, with results (its id from the rounds page).
ROUND_ID="$(curl -sf -H "$ADMIN" "$BASE/o/$ORG_SLUG/enkater" | grep -oE "/o/$ORG_SLUG/enkater/[0-9]+\">Tillitsbarometern" | head -n 1 | grep -oE '[0-9]+')" \
    || die "no survey round on /o/$ORG_SLUG/enkater"
O="/o/$ORG_SLUG"

# --- targets: label | kind | path | header --------------------------------------------------
# Every main page of every loop, as the role that uses it, and every API list.
TARGETS=(
    "/healthz|baseline|/healthz|"
    # The start page and Learn, anonymous.
    "anonymous /|page|/|"
    "anonymous /kunskapsbank|page|/kunskapsbank|"
    "anonymous /kunskapsbank?q=hemtjänst|page|/kunskapsbank?q=hemtj%C3%A4nst|"
    "anonymous /kunskapsbank?sector=…&page=2|page|/kunskapsbank?sector=hemtjanst&page=2|"
    "anonymous example|page|/kunskapsbank/exempel/$EXAMPLE_ID|"
    "anonymous /forsok|page|/forsok|"
    "anonymous pilot|page|/forsok/$PILOT_ID|"
    "anonymous /rapporter|page|/rapporter|"
    "anonymous report|page|$REPORT_PATH|"
    "anonymous /oppna-data|page|/oppna-data|"
    # Staff.
    "staff /|page|/|$STAFF"
    "staff /signaler|page|/signaler|$STAFF"
    "staff /mitt|page|/mitt|$STAFF"
    "staff team figures|page|$O/enheter/$TEAM_ID/signaler|$STAFF"
    "staff $O/krav|page|$O/krav|$STAFF"
    # A manager (Hemtjänst and its teams).
    "manager /|page|/|$MANAGER"
    "manager /signaler|page|/signaler|$MANAGER"
    "manager Hemtjänst figures|page|$O/enheter/$HEMTJANST_ID/signaler|$MANAGER"
    "manager $O/krav|page|$O/krav|$MANAGER"
    "manager $O/kravbild|page|$O/kravbild|$MANAGER"
    "manager $O/enkater|page|$O/enkater|$MANAGER"
    "manager survey results|page|$O/enkater/$ROUND_ID/resultat|$MANAGER"
    # The board.
    "board /|page|/|$BOARD"
    "board $O/signaler|page|$O/signaler|$BOARD"
    "board $O/kravbild|page|$O/kravbild|$BOARD"
    "board survey results|page|$O/enkater/$ROUND_ID/resultat|$BOARD"
    # An administrator.
    "admin unit page|page|$O/enheter/$UNIT_ID|$ADMIN"
    "admin $O/admin/enheter|page|$O/admin/enheter|$ADMIN"
    "admin $O/admin/personer|page|$O/admin/personer|$ADMIN"
    "admin $O/admin/logg|page|$O/admin/logg|$ADMIN"
    "admin $O/krav|page|$O/krav|$ADMIN"
    "admin $O/enkater|page|$O/enkater|$ADMIN"
    # The API's lists, behind a bearer token.
    "API /me|api|/api/v1/me|$AUTH"
    "API /organisations|api|/api/v1/organisations|$AUTH"
    "API /organisations/{id}/units|api|/api/v1/organisations/$ORG_ID/units?per_page=20|$AUTH"
    "API /organisations/{id}/audit-log|api|/api/v1/organisations/$ORG_ID/audit-log|$AUTH"
    "API /signals|api|/api/v1/signals|$AUTH"
    "API /units/{id}/signal-stats|api|/api/v1/units/$UNIT_ID/signal-stats|$AUTH"
    "API /examples|api|/api/v1/examples|$AUTH"
    "API /examples?q=hemtjänst|api|/api/v1/examples?q=hemtj%C3%A4nst|$AUTH"
    "API /pilots|api|/api/v1/pilots|$AUTH"
    "API /reports|api|/api/v1/reports|$AUTH"
    "API /questionnaires|api|/api/v1/questionnaires|$AUTH"
    "API /rounds/{id}/results|api|/api/v1/rounds/$ROUND_ID/results|$AUTH"
    "API /requirements|api|/api/v1/requirements?organisation=$ORG_ID&sort=cost|$AUTH"
    "API /units/{id}/admin-burden|api|/api/v1/units/$UNIT_ID/admin-burden|$AUTH"
)
if [[ -n "${ONLY:-}" ]]; then
    # ONLY=regex: measure just the matching targets (beside the baseline).
    kept=("${TARGETS[0]}")
    for t in "${TARGETS[@]:1}"; do [[ "${t%%|*}" =~ $ONLY ]] && kept+=("$t"); done
    TARGETS=("${kept[@]}")
fi

for t in "${TARGETS[@]}"; do
    IFS='|' read -r label kind path header <<<"$t"
    args=(-s -o /dev/null -w '%{http_code}')
    [[ -n "$header" ]] && args+=(-H "$header")
    code="$(curl "${args[@]}" "$BASE$path")"
    [[ "$code" == "200" ]] || die "$label answered $code, not 200 (nothing to measure)"
done

# --- measure ----------------------------------------------------------------------------------
# to_ms: wrk's latencies in milliseconds.
source "$REPO/Benchmarks/wrk-latency.sh"

declare -a ROWS=()
BASE_RPS=""
BASE_CPU=""
# The server's processor time so far (user and system, in clock ticks), from /proc: beside
# req/s, what one request costs the server, which another load on a shared machine moves less.
TICKS_PER_SECOND="$(getconf CLK_TCK)"
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
missed=0
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up) against $BASE"
for t in "${TARGETS[@]}"; do
    IFS='|' read -r label kind path header <<<"$t"
    hdr=()
    [[ -n "$header" ]] && hdr=(-H "$header")
    echo "measuring $label"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${hdr[@]}" "$BASE$path" >/dev/null
    ticks_before="$(server_ticks)"
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${hdr[@]}" "$BASE$path")"
    ticks_after="$(server_ticks)"
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    requests="$(awk '/requests in/ { print $1 }' <<<"$out")"
    cpu="$(python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) * 1e6 / int(sys.argv[3]) / max(1, int(sys.argv[4])):.0f}')" \
        "$ticks_before" "$ticks_after" "$TICKS_PER_SECOND" "${requests:-0}")"
    [[ -z "$BASE_CPU" ]] && BASE_CPU="$cpu"
    cpu_ratio="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / max(1.0, float(sys.argv[2])):.2f}')" "$BASE_CPU" "$cpu")"
    p99raw="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    bad="$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' <<<"$out")"
    errors="$(grep -E '^ *Socket errors' <<<"$out" || true)"
    [[ -n "$rps" && -n "$p99raw" ]] || { echo "$out"; die "could not read wrk's output for $label"; }
    p99="$(to_ms "$p99raw")"
    [[ -z "$BASE_RPS" ]] && BASE_RPS="$rps"
    ratio="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$rps" "$BASE_RPS")"
    verdict="-"
    if [[ "$kind" != "baseline" ]]; then
        if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= $GOAL_RATIO and float(sys.argv[2]) <= $GOAL_P99_MS else 1)" "$ratio" "$p99"; then
            verdict="met"
        else
            verdict="MISSED"
            missed=$((missed + 1))
        fi
    fi
    note=""
    [[ -n "$bad" ]] && note="$bad non-2xx/3xx answers"
    [[ -n "$errors" ]] && note="${note:+$note; }$(echo "$errors" | sed 's/^ *//')"
    ROWS+=("$(printf '%-44s %10.0f %9s %7s  %-6s %8s %9s  %s' "$label" "$rps" "$p99" "$ratio" "$verdict" "$cpu" "$cpu_ratio" "$note" | sed 's/ *$//')")
done

{
    echo "Tillit HTTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $WARMUP warm-up; release build, demo data, SQLite"
    echo "goal for every page and API list: req/s >= ${GOAL_RATIO} x /healthz and p99 <= ${GOAL_P99_MS} ms"
    echo
    echo "cpu µs: the server's processor time per request; cpu ratio: /healthz's cpu µs over the target's"
    echo
    printf '%-44s %10s %9s %7s  %-6s %8s %9s  %s\n' "target" "req/s" "p99 ms" "ratio" "goal" "cpu µs" "cpu ratio" "notes" | sed 's/ *$//'
    printf '%s\n' "${ROWS[@]}"
} | tee "$RESULTS"
echo
echo "written to ${RESULTS#"$REPO"/}"
if [[ "$missed" -gt 0 ]]; then
    echo "$missed page(s) missed the goal"
    [[ "$STRICT" == "1" ]] && exit 1
fi
exit 0
