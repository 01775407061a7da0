#!/usr/bin/env python3
"""Runs a planned database failover through Flowplane's REST API while requests flow through Envoy,
prints each runbook step as it finishes, and says how many requests through Envoy failed.

Used by `scripts/demo --failover`; exits 1 if the failover does not complete, a request through
Envoy fails, or the API cannot write to the new primary afterwards.
"""
import argparse
import json
import sys
import threading
import time
import urllib.error
import urllib.request


def call(method, url, token, body=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class EnvoyTraffic(threading.Thread):
    """GETs the Envoy listener every `gap` seconds and counts what answered 200 and what did not."""

    def __init__(self, url, gap):
        super().__init__(daemon=True)
        self.url, self.gap = url, gap
        self.ok, self.failed, self.failures = 0, 0, []
        self.running = True

    def run(self):
        while self.running:
            started = time.time()
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    response.read()
                    self.ok += 1
            except Exception as e:  # any failure counts, whatever its kind
                self.failed += 1
                if len(self.failures) < 5:
                    self.failures.append(f"{time.strftime('%H:%M:%S')} {e}")
            time.sleep(max(0.0, self.gap - (time.time() - started)))


def say(text):
    print(f"[flowplane] {text}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", required=True, help="REST API base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", required=True, help="an admin bearer token")
    parser.add_argument("--cluster", required=True, help="cluster name from the worker's FLOWPLANE_DATABASE_CLUSTERS")
    parser.add_argument("--promote", required=True, help="the member to promote")
    parser.add_argument("--envoy", required=True, help="a URL served through Envoy")
    parser.add_argument("--team", default="platform", help="team to write a cluster for after the failover")
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for the failover")
    args = parser.parse_args()

    traffic = EnvoyTraffic(args.envoy, 0.02)
    traffic.start()
    time.sleep(1)

    status, started = call("POST", args.api + "/api/v1/failovers", args.token,
                           {"kind": "postgres-failover", "target": args.cluster,
                            "options": {"promote": args.promote, "mode": "planned"}})
    if status != 202:
        say(f"POST /api/v1/failovers answered {status}: {started}")
        return 1
    failover_id = started["id"]
    say(f"planned failover {failover_id} started: promoting {args.promote}; "
        f"Temporal Web UI: {started.get('temporal_ui', 'n/a')}")

    began = time.time()
    reported = set()
    view = None
    while time.time() - began < args.timeout:
        status, view = call("GET", f"{args.api}/api/v1/failovers/{failover_id}", args.token)
        for step in (view or {}).get("steps") or []:
            key = (step["number"], step["state"])
            if step["state"] in ("DONE", "FAILED", "SKIPPED") and key not in reported:
                reported.add(key)
                total = len(view["steps"])
                say(f"  step {step['number']}/{total} {step['name']}: {step['state'].lower()}"
                    + (f" - {step['detail']}" if step.get("detail") else ""))
        if view and view.get("status") not in (None, "RUNNING"):
            break
        time.sleep(0.3)
    elapsed = time.time() - began
    time.sleep(2)  # traffic after the last step counts too
    traffic.running = False
    traffic.join()

    outcome = (view or {}).get("status")
    say(f"failover {outcome} in {elapsed:.1f} s")
    if view and view.get("result"):
        say(f"  {view['result'].get('detail')}")
    if view and view.get("failure"):
        say(f"  failure: {view['failure']}")
    say(f"requests through Envoy during the failover: {traffic.ok} answered, {traffic.failed} failed")
    for failure in traffic.failures:
        say(f"  {failure}")

    status, body = call("POST", args.api + "/api/v1/clusters", args.token,
                        {"team": args.team, "name": f"after-failover-{int(time.time())}",
                         "endpoints": [{"host": "127.0.0.1", "port": 9}]})
    say(f"a write through the API after the failover: HTTP {status}"
        + ("" if status == 201 else f" {body}"))

    ok = outcome == "COMPLETED" and traffic.failed == 0 and status == 201
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
