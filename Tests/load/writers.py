#!/usr/bin/env python3
"""Concurrent writers against a running Tillit demo: signals (half of them anonymous), comments,
forwards and examples, all at once, for a fixed time. Standard library only.

Passes when no request timed out, none answered 5xx, and /readyz answers 200 afterwards.
Prints throughput and latency percentiles per kind of write.

    python3 Tests/load/writers.py --base-url http://127.0.0.1:8080 \
        --staff-token tlt_… --chef-token tlt_… --clients 64 --seconds 15

The tokens belong to the demo's staff member (medarbetare@tillitsby.se) and the manager of
Hemtjänst Norr (chef.norr@tillitsby.se); the manager also signs in through the web form once, so
comments go through the pages with their CSRF token as a browser's would.
"""
import argparse
import http.client
import http.cookies
import json
import random
import re
import sys
import threading
import time
import urllib.parse

DEMO_PASSWORD = "demo-tillit-2026"


class Client:
    """One keep-alive connection, reopened after an error."""

    def __init__(self, base, timeout):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port or 80, timeout
        self.conn = None
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        cookie = http.cookies.SimpleCookie(value)
                        for key, morsel in cookie.items():
                            self.cookies[key] = morsel.value
                return response.status, data, dict((k.lower(), v) for k, v in response.getheaders())
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine) as error:
                # A keep-alive connection the server closed between two requests: reopen once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise error
            except Exception:
                self.conn.close()
                self.conn = None
                raise


def api(client, method, path, token, payload):
    return client.request(method, path, body=json.dumps(payload).encode(),
                          headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def form(client, path, fields):
    return client.request("POST", path, body=urllib.parse.urlencode(fields).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})


def csrf_of(html):
    match = re.search(rb'name="_csrf" value="([^"]+)"', html)
    if not match:
        raise SystemExit("no CSRF token in the page")
    return match.group(1).decode()


def sign_in(base, email, timeout):
    client = Client(base, timeout)
    status, html, _ = client.request("GET", "/logga-in")
    status, _, headers = form(client, "/logga-in", {"_csrf": csrf_of(html), "email": email, "password": DEMO_PASSWORD})
    if status != 303 or "tillit_session" not in client.cookies:
        raise SystemExit(f"sign-in as {email} failed: {status}")
    status, html, _ = client.request("GET", "/signaler/ny")
    return client, csrf_of(html)


def units_of(base, token, timeout):
    client = Client(base, timeout)
    status, data, _ = client.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    me = json.loads(data)
    return me


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--staff-token", required=True)
    parser.add_argument("--chef-token", required=True)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--timeout", type=float, default=20, help="seconds before a request counts as timed out")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    random.seed(7)

    # Where the staff member raises signals, and where the manager forwards them.
    me = units_of(base, args.staff_token, args.timeout)
    staff_unit = next(g["unit_id"] for g in me["roles"] if g.get("unit_id"))
    organisation = next(g["organisation_id"] for g in me["roles"] if g.get("organisation_id"))
    client = Client(base, args.timeout)
    status, data, _ = client.request("GET", f"/api/v1/organisations/{organisation}/units?per_page=100",
                                     headers={"Authorization": f"Bearer {args.chef_token}"})
    units = json.loads(data)
    unit_list = units["items"] if isinstance(units, dict) else units
    by_id = {u["id"]: u for u in unit_list}
    # Forward upward: the parent of the unit the signal lands at (Hemtjänst Norr for the demo staff).
    landing = by_id[staff_unit].get("parent_id") or staff_unit
    upward = by_id[landing].get("parent_id") or landing

    # Signals that exist before the clock starts, for comments, and a queue of fresh ones to forward.
    seed = []
    for i in range(8):
        s, data, _ = api(client, "POST", "/api/v1/signals", args.staff_token,
                         {"kind": "hinder", "text": f"Förberedd signal {i}", "unit_id": staff_unit})
        if s != 201:
            raise SystemExit(f"could not prepare a signal: {s} {data[:200]!r}")
        seed.append(json.loads(data)["id"])

    # The manager signs in once, as a browser would, before the clock starts (a password hash is
    # meant to be slow); every client then comments through that session.
    web_session, web_csrf = sign_in(base, "chef.norr@tillitsby.se", args.timeout)

    lock = threading.Lock()
    results = []  # (kind, status or "timeout"/"error", seconds)
    to_forward = []
    deadline = time.monotonic() + args.seconds

    def worker(index):
        client = Client(base, args.timeout)
        web = Client(base, args.timeout)
        web.cookies = dict(web_session.cookies)
        rng = random.Random(index)
        while time.monotonic() < deadline:
            roll = rng.random()
            start = time.monotonic()
            kind = ""
            try:
                if roll < 0.4:
                    kind = "signal"
                    anonymous = rng.random() < 0.5
                    status, data, _ = api(client, "POST", "/api/v1/signals", args.staff_token,
                                          {"kind": rng.choice(["hinder", "ide", "fraga"]), "text": f"Last {index}-{start:.3f}",
                                           "unit_id": staff_unit, "anonymous": anonymous})
                    if status == 201 and not anonymous:
                        with lock:
                            to_forward.append(json.loads(data)["id"])
                elif roll < 0.6:
                    kind = "comment"
                    status, _, _ = form(web, f"/signaler/{rng.choice(seed)}/kommentar",
                                        {"_csrf": web_csrf, "comment": f"Kommentar {index}"})
                elif roll < 0.8:
                    kind = "forward"
                    with lock:
                        target = to_forward.pop() if to_forward else None
                    if target is None:
                        continue
                    status, _, _ = api(client, "POST", f"/api/v1/signals/{target}/forward", args.chef_token,
                                       {"to_unit_id": upward, "reason": "Beslutet ligger på nästa nivå"})
                else:
                    kind = "example"
                    status, _, _ = api(client, "POST", "/api/v1/examples", args.staff_token,
                                       {"title": f"Exempel {index} {start:.3f}", "summary": "Kort", "body": "Text om hemtjänst.",
                                        "sectors": ["hemtjanst"], "principles": ["tillit"]})
                outcome = status
            except TimeoutError:
                outcome = "timeout"
            except OSError as error:
                outcome = f"error:{type(error).__name__}"
            with lock:
                results.append((kind, outcome, time.monotonic() - start))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.seconds + args.timeout + 30)
    elapsed = time.monotonic() - began
    hung = [t for t in threads if t.is_alive()]

    ready_start = time.monotonic()
    try:
        ready, _, _ = Client(base, 5).request("GET", "/readyz")
    except OSError as error:
        ready = f"error:{type(error).__name__}"
    ready_seconds = time.monotonic() - ready_start

    def percentile(values, p):
        if not values:
            return 0.0
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    failures = [r for r in results if not isinstance(r[1], int) or r[1] >= 500]
    label = f" ({args.label})" if args.label else ""
    print(f"writers{label}: {args.clients} clients for {args.seconds:.0f} s, {len(results)} writes in {elapsed:.1f} s, "
          f"{len(results) / elapsed:.1f} writes/s")
    for kind in ("signal", "comment", "forward", "example"):
        times = [r[2] for r in results if r[0] == kind]
        codes = {}
        for r in results:
            if r[0] == kind:
                codes[r[1]] = codes.get(r[1], 0) + 1
        print(f"  {kind:8} {len(times):6} p50 {percentile(times, 50) * 1000:7.1f} ms  p99 {percentile(times, 99) * 1000:7.1f} ms  {codes}")
    every = [r[2] for r in results]
    print(f"  all      {len(every):6} p50 {percentile(every, 50) * 1000:7.1f} ms  p99 {percentile(every, 99) * 1000:7.1f} ms")
    print(f"  /readyz afterwards: {ready} in {ready_seconds * 1000:.0f} ms; timeouts or 5xx: {len(failures)}; hung clients: {len(hung)}")
    ok = not failures and not hung and ready == 200 and len(results) > 0
    print("writers: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
