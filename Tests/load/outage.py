#!/usr/bin/env python3
"""PostgreSQL goes away under load and comes back: Tillit must stay up, answer 503 with
problem+json meanwhile (never hang), serve again within 5 s of the database's return, and lose
no write it acknowledged. Standard library only.

    python3 Tests/load/outage.py --base-url http://127.0.0.1:8080 --staff-token tlt_… \
        --stop 'pg_ctl … stop -m fast' --start 'pg_ctl … start' --count-sql-command 'psql … -tAc'

The stop and start commands are run through the shell. `--ids-command` is given the ids of every
acknowledged signal on standard input, one per line, and must print how many of them exist.
"""
import argparse
import json
import subprocess
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from writers import Client, api, units_of  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--staff-token", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--ids-command", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--down-seconds", type=float, default=10)
    parser.add_argument("--timeout", type=float, default=15)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    me = units_of(base, args.staff_token, args.timeout)
    unit = next(g["unit_id"] for g in me["roles"] if g.get("unit_id"))

    lock = threading.Lock()
    events = []  # (time sent, seconds, status, content type)
    acknowledged = []
    stop = threading.Event()

    def worker(index):
        client = Client(base, args.timeout)
        n = 0
        while not stop.is_set():
            n += 1
            sent = time.monotonic()
            try:
                status, data, headers = api(client, "POST", "/api/v1/signals", args.staff_token,
                                            {"kind": "hinder", "text": f"Avbrott {index}-{n}", "unit_id": unit})
                kind = headers.get("content-type", "")
                if status == 201:
                    with lock:
                        acknowledged.append(json.loads(data)["id"])
            except TimeoutError:
                status, kind = "timeout", ""
            except OSError as error:
                status, kind = f"error:{type(error).__name__}", ""
            with lock:
                events.append((sent, time.monotonic() - sent, status, kind))
            if status != 201:
                time.sleep(0.05)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    time.sleep(3)
    stopped_at = time.monotonic()
    subprocess.run(args.stop, shell=True, check=True)
    down_began = time.monotonic()
    time.sleep(args.down_seconds)
    subprocess.run(args.start, shell=True, check=True)
    back_at = time.monotonic()
    time.sleep(8)
    stop.set()
    for t in threads:
        t.join(args.timeout + 5)

    during = [e for e in events if down_began <= e[0] < back_at]
    # While it is down, a request is refused with 503 + problem+json, or (sent as it came back) succeeds.
    bad_during = [e for e in during if not (e[2] == 503 and e[3].startswith("application/problem+json")) and e[2] != 201]
    slowest = max((e[1] for e in events), default=0)
    broken = [e for e in events if not isinstance(e[2], int) or (e[2] >= 500 and e[2] != 503) or e[2] not in (201, 503)]
    recovered = [e for e in events if e[0] >= back_at and e[2] == 201]
    first_ok = min((e[0] + e[1] for e in recovered), default=None)
    recovery = (first_ok - back_at) if first_ok is not None else None
    late = [e for e in events if e[0] >= back_at + 5 and e[2] != 201]

    result = subprocess.run(args.ids_command, shell=True, check=True, capture_output=True, text=True,
                            input="\n".join(str(i) for i in acknowledged) + "\n")
    found = int(result.stdout.strip() or "0")

    print(f"outage: {len(events)} requests, {len(during)} while the database was down "
          f"({sum(1 for e in during if e[2] == 503)} answered 503 + problem+json), slowest answer {slowest:.2f} s")
    print(f"  back to 201 {recovery:.2f} s after the database returned" if recovery is not None else "  never recovered")
    print(f"  acknowledged writes: {len(acknowledged)}, found afterwards: {found}")
    print(f"  other answers: {len(broken)}; failures 5 s after the return: {len(late)}; bad answers while down: {len(bad_during)}")
    for sent, took, status, kind in sorted(set(broken + late + bad_during))[:12]:
        print(f"    sent {sent - down_began:+.2f} s from the stop, answered after {took:.2f} s: {status} {kind}")
    ok = (recovery is not None and recovery <= 5 and found == len(acknowledged) and not broken and not late
          and not bad_during and slowest < args.timeout and len(during) > 0 and stopped_at > 0)
    print("outage: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
