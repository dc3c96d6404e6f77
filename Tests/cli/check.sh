#!/usr/bin/env bash
# Drives the `tillit` command line end to end on a fresh data directory: help texts, accounts,
# tokens, the unit import (good, bad and changed files), backup and check.
# Usage: Tests/cli/check.sh [path/to/tillit]   (default .build/debug/tillit)
set -uo pipefail

TILLIT="${1:-.build/debug/tillit}"
DATA="$(mktemp -d /tmp/tillit-cli.XXXXXX)"
trap 'rm -rf "$DATA"' EXIT
export TILLIT_DATA_DIR="$DATA/data"
export TILLIT_PASSWORD_COST=4
passed=0
failed=0

ok() { echo "ok    $1"; passed=$((passed + 1)); }
bad() { echo "FAIL  $1"; failed=$((failed + 1)); }
expect() { # name, command...: the command must succeed
    local name="$1"; shift
    if out="$("$@" 2>&1)"; then ok "$name"; else bad "$name"; echo "$out" | sed 's/^/        /'; fi
}
expect_fail() { # name, pattern, command...: the command must fail and print pattern on stderr
    local name="$1" pattern="$2"; shift 2
    local err
    if err="$("$@" 2>&1 >/dev/null)"; then bad "$name (exited 0)"; return; fi
    if grep -qE -- "$pattern" <<<"$err"; then ok "$name"; else bad "$name (stderr lacks /$pattern/)"; echo "$err" | sed 's/^/        /'; fi
}

for sub in "" serve migrate "user" "user create" "user list" "token create" "import units" "import examples" "import questionnaire" "import requirements" backup check notify; do
    # shellcheck disable=SC2086
    expect "tillit $sub --help" "$TILLIT" $sub --help
done

expect "migrate" "$TILLIT" migrate
expect "user create (system administrator, password from stdin)" \
    bash -c "echo 'a long enough password' | '$TILLIT' user create --email root@example.se --name Root --role systemadministrator --password-stdin"
expect_fail "user create refuses an unknown role" "unknown role" "$TILLIT" user create --email x@example.se --name X --role kung
expect_fail "user create refuses a short password" "at least 12" \
    bash -c "echo short | '$TILLIT' user create --email y@example.se --name Y --role systemadministrator --password-stdin"
expect_fail "user create needs --org for an organisation role" "--org" "$TILLIT" user create --email z@example.se --name Z --role administrator

printf 'id,parent_id,name,kind\nA,,Förvaltningen,förvaltning\n' > "$DATA/units.csv"
expect_fail "import into an unknown organisation" "[Nn]o organisation" "$TILLIT" import units "$DATA/units.csv" --org nowhere

# Organisations are made in the UI or through the API: start a server and use a token.
TOKEN="$("$TILLIT" token create --user root@example.se 2>/dev/null | tail -n 1)"
[[ "$TOKEN" == tlt_* ]] && ok "token create prints a token once" || bad "token create prints a token once"
expect_fail "token create for an unknown user" "No account" "$TILLIT" token create --user nobody@example.se
PORT=$((20000 + RANDOM % 20000))
"$TILLIT" serve --port "$PORT" >"$DATA/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.25; done
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/v1/organisations" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"slug":"testby","name":"Testby kommun","kind":"kommun"}')
[[ "$status" == 201 ]] && ok "organisation created through the API" || bad "organisation created through the API ($status)"

# A bad file: every problem with its line number, nothing written.
printf 'id,parent_id,name,kind\nA,,Förvaltningen,förvaltning\nB,A,,enhet\nA,,Dubblett,enhet\nC,X,Föräldralös,enhet\nD,E,Ring 1,enhet\nE,D,Ring 2,enhet\n' > "$DATA/bad.csv"
err="$("$TILLIT" import units "$DATA/bad.csv" --org testby 2>&1 >/dev/null)"; code=$?
if [[ $code -ne 0 ]] && grep -q "Line 3" <<<"$err" && grep -q "Line 4" <<<"$err" && grep -q "Line 5" <<<"$err" && grep -q "Line 6" <<<"$err" && grep -q "Line 7" <<<"$err"; then
    ok "a bad CSV lists every problem with its line number"
else
    bad "a bad CSV lists every problem with its line number"; echo "$err" | sed 's/^/        /'
fi
printf 'id,parent_id,name,kind\nA,,F\xf6rvaltningen,f\xf6rvaltning\n' > "$DATA/latin1.csv"
expect_fail "a Latin-1 file is refused with its line" "Line 2" "$TILLIT" import units "$DATA/latin1.csv" --org testby
units=$(curl -s "http://127.0.0.1:$PORT/api/v1/organisations/1/units" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
[[ "$units" == 0 ]] && ok "nothing was written by the failed imports" || bad "nothing was written by the failed imports ($units units)"

# A good file, then a changed one.
printf 'id,parent_id,name,kind\nA,,Förvaltningen,förvaltning\nB,A,Enhet B,enhet\nC,A,Enhet C,enhet\n' > "$DATA/good.csv"
expect "import units (3 new)" "$TILLIT" import units "$DATA/good.csv" --org testby
printf 'id,parent_id,name,kind\nA,,Förvaltningen,förvaltning\nB,,Enhet Bee,enhet\n' > "$DATA/changed.csv"
out="$("$TILLIT" import units "$DATA/changed.csv" --org testby 2>&1)"
grep -q "1 renamed, 1 moved" <<<"$out" && grep -q "1 closed" <<<"$out" && ok "re-import renames, moves and closes" || { bad "re-import renames, moves and closes"; echo "$out"; }
out="$("$TILLIT" import units "$DATA/changed.csv" --org testby 2>&1)"
grep -q "No changes" <<<"$out" && ok "the same file again changes nothing" || bad "the same file again changes nothing"

# Knowledge-bank examples from JSON Lines: all or nothing, line numbers, updates by ext_id.
printf '%s\n' '{"ext_id":"x1","title":"Egen planering","summary":"S","body":"Text om hemtjänsten.","sectors":["hemtjanst"],"principles":["tillit"],"organisation":"Testby kommun","org_kind":"kommun","year_start":2024,"year_end":null,"tags":["schema"],"results":"Bra"}' \
    '{"ext_id":"x2","title":"Ny organisation","summary":"S","body":"B","sectors":["lss"],"principles":["kunskap"],"organisation":"Nyby kommun","org_kind":"kommun","year_start":2020,"year_end":2021,"tags":[],"results":""}' > "$DATA/examples.jsonl"
printf '%s\n' '{"ext_id":"y1","title":"Bra","summary":"S","body":"B","sectors":["lss"],"principles":["kunskap"],"organisation":"Testby kommun"}' \
    '{"ext_id":"y2","title":"","summary":"S","body":"B","sectors":["rymden"],"principles":["kunskap"],"organisation":"Testby kommun"}' 'inte json' > "$DATA/bad-examples.jsonl"
expect_fail "import examples refuses a bad file, naming the lines" "3 problems; nothing was imported" "$TILLIT" import examples "$DATA/bad-examples.jsonl"
out="$("$TILLIT" import examples "$DATA/examples.jsonl" 2>&1)"
grep -q "2 created, 0 updated" <<<"$out" && grep -q "New organisation: Nyby kommun" <<<"$out" && ok "import examples creates and reports new organisations" || { bad "import examples creates and reports new organisations"; echo "$out"; }
out="$("$TILLIT" import examples "$DATA/examples.jsonl" 2>&1)"
grep -q "0 created, 2 updated" <<<"$out" && ok "the same ext_ids again update instead of duplicating" || { bad "the same ext_ids again update instead of duplicating"; echo "$out"; }

# A survey questionnaire from YAML: problems by line and nothing written, then the file imported.
cat > "$DATA/puls.yaml" <<'YAML'
key: puls
version: 1
title: {sv: Puls, en: Pulse}
scale:
  steps: [{sv: Inte alls, en: Not at all}, {sv: Lite, en: A little}, {sv: Delvis, en: Partly}, {sv: Mycket, en: Much}, {sv: Helt, en: Fully}]
  dont_know: {sv: Vet ej, en: Don't know}
dimensions:
  - {id: arbete, title: {sv: Arbetet, en: The work}}
items:
  - {id: q1, kind: likert, dimension: arbete, text: {sv: Fråga ett, en: Question one}}
  - {id: q2, kind: text, text: {sv: Fråga två, en: Question two}}
YAML
sed 's/id: q2/id: q1/; s/, {sv: Helt, en: Fully}//' "$DATA/puls.yaml" > "$DATA/bad-puls.yaml"
err="$("$TILLIT" import questionnaire "$DATA/bad-puls.yaml" --org testby 2>&1 >/dev/null)"; code=$?
if [[ $code -ne 0 ]] && grep -q "nothing was imported" <<<"$err" && grep -q "Line 5" <<<"$err" && grep -q "Line 11" <<<"$err"; then
    ok "a bad questionnaire lists its problems by line"
else
    bad "a bad questionnaire lists its problems by line"; echo "$err" | sed 's/^/        /'
fi
count=$(curl -s "http://127.0.0.1:$PORT/api/v1/questionnaires" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
[[ "$count" == 2 ]] && ok "nothing was written by the refused questionnaire" || bad "nothing was written by the refused questionnaire ($count)"
out="$("$TILLIT" import questionnaire "$DATA/puls.yaml" --org testby 2>&1)"
grep -q "Imported puls version 1" <<<"$out" && ok "import questionnaire" || { bad "import questionnaire"; echo "$out"; }
# A requirement list: all or nothing with line numbers; units by their external ids.
printf 'name,description,type,issuer,legal_reference,purpose,units,roles,frequency,cases_per_year,minutes,population\nRapport,,riktlinje,HR,,Uppf\xc3\xb6ljning,A;B,chef,manad,,30,4\nJournal,,lag,Riksdagen,,Insyn,Z,,per_arende,,0,5\n' > "$DATA/bad-requirements.csv"
expect_fail "import requirements refuses a bad file, naming the lines" "Line 3: unit_ids" "$TILLIT" import requirements "$DATA/bad-requirements.csv" --org testby
printf 'name,description,type,issuer,legal_reference,purpose,units,roles,frequency,cases_per_year,minutes,population\nRapport,,riktlinje,HR,,Uppf\xc3\xb6ljning,A;B,chef,manad,,30,4\n' > "$DATA/requirements.csv"
out="$("$TILLIT" import requirements "$DATA/requirements.csv" --org testby 2>&1)"
grep -q "Imported requirements: 1" <<<"$out" && ok "import requirements adds the list" || { bad "import requirements adds the list"; echo "$out"; }

# Accounts as JSON.
expect "user create with an invitation link" "$TILLIT" user create --email staff@example.se --name Staff --role medarbetare --org testby --unit B
json="$("$TILLIT" user list --json)"
if python3 -c 'import json,sys; d=json.loads(sys.argv[1]); s=[u for u in d if u["email"]=="staff@example.se"][0]; assert s["status"]=="invited" and s["units"][0]["name"]=="Enhet Bee" and s["roles"][0]["role"]=="medarbetare"' "$json"; then
    ok "user list --json shows email, units and roles"
else
    bad "user list --json shows email, units and roles"; echo "$json"
fi

# Backup while the server runs, then check the copy.
expect "backup while the server runs" "$TILLIT" backup "$DATA/copy.sqlite"
expect_fail "backup refuses to overwrite" "already exists" "$TILLIT" backup "$DATA/copy.sqlite"
mkdir -p "$DATA/restored" && cp "$DATA/copy.sqlite" "$DATA/restored/tillit.sqlite"
expect "check on the backup" env TILLIT_DATA_DIR="$DATA/restored" "$TILLIT" check
expect "check on the live database" "$TILLIT" check

# The notification job, run by hand beside the server: each run is claimed once.
out="$("$TILLIT" notify --digest 2>&1)"
grep -q "^immediate: " <<<"$out" && grep -q "^digest: " <<<"$out" && ok "notify runs the immediate job and the digest" || { bad "notify runs the immediate job and the digest"; echo "$out"; }
out="$("$TILLIT" notify --digest 2>&1)"
grep -q "^digest: already run" <<<"$out" && ok "notify --digest sends today's digest only once" || { bad "notify --digest sends today's digest only once"; echo "$out"; }

# Graceful shutdown on SIGTERM.
kill -TERM "$SERVER"
if wait "$SERVER"; then ok "serve exits cleanly on SIGTERM"; else bad "serve exits cleanly on SIGTERM"; tail -5 "$DATA/serve.log"; fi

echo
echo "cli: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
