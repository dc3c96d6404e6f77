#!/usr/bin/env bash
# A municipality at full scale: 5,000 units and 100,000 signals (Benchmarks/ScaleData), served by
# the release build on SQLite, measured with wrk: a manager's signals page and figures, the
# board's figures, and the API's signal figures and list, beside /healthz in the same run.
# Usage: bash Benchmarks/scale.sh        (see Benchmarks/README.md)
# Environment: PORT (default 8099), DURATION (10s), WARMUP (2s), THREADS (2), CONNECTIONS (50),
#              UNITS (5000), SIGNALS (100000), SEED (2026), EXAMPLES (100000; 0 skips the knowledge
#              bank), STRICT=1 to exit 1 on a missed goal.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
export PATH="$PATH:/opt/swift/usr/bin"

PORT="${PORT:-8099}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-50}"
UNITS="${UNITS:-5000}"
SIGNALS="${SIGNALS:-100000}"
SEED="${SEED:-2026}"
EXAMPLES="${EXAMPLES:-100000}"
STRICT="${STRICT:-0}"
GOAL_P99_MS="${GOAL_P99_MS:-50}"
BASE="http://127.0.0.1:$PORT"
PASSWORD="skala-tillit-2026"
RESULTS="$REPO/Benchmarks/results-scale-latest.txt"

WORK_DIR="$(mktemp -d /tmp/tillit-scale.XXXXXX)"
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
    [[ -f "$SERVER_LOG" ]] && tail -n 30 "$SERVER_LOG" >&2
    exit 1
}

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk curl python3; break; }
done

echo "building release binaries"
swift build -c release --product tillit
swift build -c release --product tillit-scale-data

echo "generating $UNITS units and $SIGNALS signals"
start=$(date +%s)
.build/release/tillit-scale-data --data-dir "$DATA_DIR" --units "$UNITS" --signals "$SIGNALS" --seed "$SEED" | tee "$WORK_DIR/generated.txt"
FORVALTNING_ID="$(sed -nE 's/^unit forvaltning=([0-9]+).*/\1/p' "$WORK_DIR/generated.txt")"
AVDELNING_ID="$(sed -nE 's/.* avdelning=([0-9]+)$/\1/p' "$WORK_DIR/generated.txt")"
[[ -n "$FORVALTNING_ID" && -n "$AVDELNING_ID" ]] || die "the generator named no units"
echo "generated in $(( $(date +%s) - start )) s"

start_server() {
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && die "port $PORT is already in use (set PORT=...)"
    TILLIT_NOTIFY_INTERVAL=0 .build/release/tillit serve --port "$PORT" --data-dir "$1" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 240); do
        kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up"
        [[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/healthz" || true)" == "200" ]] && return 0
        sleep 0.5
    done
    die "no 200 from $BASE/healthz within 120 s"
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

sign_in() {
    local jar="$WORK_DIR/cookies-$1.txt" csrf session
    csrf="$(curl -sf -c "$jar" "$BASE/logga-in" | grep -oE 'name="_csrf" value="[^"]+"' | head -n 1 | sed -E 's/.*value="([^"]+)"/\1/')"
    [[ -n "$csrf" ]] || die "no _csrf field on /logga-in"
    curl -sf -o /dev/null -b "$jar" -c "$jar" --data-urlencode "email=$1" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "_csrf=$csrf" "$BASE/logga-in" || die "signing in as $1 failed"
    session="$(awk -F'\t' '$6 == "tillit_session" { print $7 }' "$jar" | tail -n 1)"
    [[ -n "$session" ]] || die "signing in as $1 set no session cookie"
    echo "Cookie: tillit_session=$session"
}

# to_ms: wrk's latencies in milliseconds.
source "$REPO/Benchmarks/wrk-latency.sh"

declare -a ROWS=()
missed=0
# measure GOAL_RATIO TARGET...: each target "label|kind|path|header"; the first is the baseline.
measure() {
    local goal_ratio="$1"; shift
    local base_rps="" t label kind path header code out rps p50 p99 bad ratio verdict
    for t in "$@"; do
        IFS='|' read -r label kind path header <<<"$t"
        local args=(-s -o /dev/null -w '%{http_code}')
        [[ -n "$header" ]] && args+=(-H "$header")
        code="$(curl "${args[@]}" "$BASE$path")"
        [[ "$code" == "200" ]] || die "$label answered $code, not 200"
    done
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up) against $BASE"
    for t in "$@"; do
        IFS='|' read -r label kind path header <<<"$t"
        local hdr=()
        [[ -n "$header" ]] && hdr=(-H "$header")
        echo "measuring $label"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${hdr[@]}" "$BASE$path" >/dev/null
        out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${hdr[@]}" "$BASE$path")"
        rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
        p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
        p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
        bad="$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2 }' <<<"$out")"
        [[ -z "$base_rps" ]] && base_rps="$rps"
        ratio="$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$rps" "$base_rps")"
        verdict="-"
        if [[ "$kind" != "baseline" ]]; then
            if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= $GOAL_P99_MS and float(sys.argv[2]) >= $goal_ratio else 1)" "$p99" "$ratio"; then
                verdict="met"
            else
                verdict="MISSED"; missed=$((missed + 1))
            fi
        fi
        ROWS+=("$(printf '%-40s %9.0f %8s %8s %6s  %-6s %s' "$label" "$rps" "$p50" "$p99" "$ratio" "$verdict" "${bad:+$bad non-2xx/3xx}" | sed 's/ *$//')")
    done
}

# --- 5,000 units and 100,000 signals --------------------------------------------------------------
start_server "$DATA_DIR"
TOKEN="$(.build/release/tillit token create --user admin@skala.se --data-dir "$DATA_DIR" | tail -n 1 | tr -d '[:space:]')"
AUTH="Authorization: Bearer $TOKEN"
MANAGER="$(sign_in chef.f1a1@skala.se)"
BOARD="$(sign_in styrelse@skala.se)"
ROWS+=("signals: $UNITS units, $SIGNALS signals; goal p99 <= $GOAL_P99_MS ms")
measure 0 \
    "/healthz|baseline|/healthz|" \
    "manager /signaler (Avdelning 1.1)|page|/signaler|$MANAGER" \
    "manager figures of Avdelning 1.1|page|/o/skala/enheter/$AVDELNING_ID/signaler|$MANAGER" \
    "board /o/skala/signaler|page|/o/skala/signaler|$BOARD" \
    "board figures of Förvaltning 1|page|/o/skala/enheter/$FORVALTNING_ID/signaler|$BOARD" \
    "API /units/{förvaltning}/signal-stats|api|/api/v1/units/$FORVALTNING_ID/signal-stats|$AUTH" \
    "API /units/{avdelning}/signal-stats|api|/api/v1/units/$AVDELNING_ID/signal-stats|$AUTH" \
    "API /signals?unit={avdelning}|api|/api/v1/signals?unit=$AVDELNING_ID|$AUTH"
stop_server

# --- the knowledge bank at 100,000 examples ------------------------------------------------------
if [[ "$EXAMPLES" -gt 0 ]]; then
    swift build -c release --product tillit-search-bench
    BANK_DIR="$WORK_DIR/bank"
    mkdir -p "$BANK_DIR"
    echo "generating and indexing $EXAMPLES examples (Benchmarks/SearchBench)"
    .build/release/tillit-search-bench --sqlite "$BANK_DIR/tillit.sqlite" --examples "$EXAMPLES" --queries 1 --warmup 1 >"$WORK_DIR/bank.txt" \
        || { cat "$WORK_DIR/bank.txt"; die "the search benchmark could not build the corpus"; }
    start_server "$BANK_DIR"
    EXAMPLE_ID="$(curl -sf "$BASE/api/v1/examples?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')" \
        || die "no example"
    ROWS+=("knowledge bank: $EXAMPLES examples; goal req/s >= 0.5 x /healthz and p99 <= 15 ms")
    GOAL_P99_MS=15
    measure 0.5 \
        "/healthz|baseline|/healthz|" \
        "/kunskapsbank|page|/kunskapsbank|" \
        "/kunskapsbank?page=3|page|/kunskapsbank?page=3|" \
        "/kunskapsbank?sector=hemtjanst|page|/kunskapsbank?sector=hemtjanst|" \
        "/kunskapsbank?q=hemtjänst|page|/kunskapsbank?q=hemtj%C3%A4nst|" \
        "example page|page|/kunskapsbank/exempel/$EXAMPLE_ID|" \
        "API /examples|api|/api/v1/examples|" \
        "API /examples?q=hemtjänst|api|/api/v1/examples?q=hemtj%C3%A4nst|"
    stop_server
fi

{
    echo "Tillit at scale, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "machine: $(nproc) cores; $UNITS units, $SIGNALS signals (seed $SEED); wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $WARMUP warm-up; release build, SQLite"
    echo
    printf '%-40s %9s %8s %8s %6s  %s\n' "target" "req/s" "p50 ms" "p99 ms" "ratio" "goal"
    printf '%s\n' "${ROWS[@]}"
} | tee "$RESULTS"
echo "written to ${RESULTS#"$REPO"/}"
if [[ "$missed" -gt 0 ]]; then
    echo "$missed target(s) missed the goal"
    [[ "$STRICT" == "1" ]] && exit 1
fi
exit 0
