#!/usr/bin/env python3
"""One REST client creating clusters as fast as it can, recording every attempt.

Each attempt is POST /api/v1/clusters with a unique name, over one keep-alive connection (reopened
after any error), with a per-request timeout. For every attempt it records wall-clock start and end
(time.time(), seconds), the HTTP status (or "timeout" / "conn-error"), the cluster name and, for a
refusal, the error code from the JSON body. Stops when the stop file appears or after --max-seconds,
then writes all attempts as JSON lines to --out. Python 3 standard library only.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import sys
import time


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, required=True, help="api-service REST port on 127.0.0.1")
    p.add_argument("--token", required=True)
    p.add_argument("--team", required=True)
    p.add_argument("--prefix", required=True, help="cluster name prefix; names are <prefix>-<n>")
    p.add_argument("--out", required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--max-seconds", type=float, default=600)
    p.add_argument("--timeout", type=float, default=2.0, help="seconds per request")
    p.add_argument("--ready-file", help="touched once the first attempt has finished")
    a = p.parse_args()

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))

    headers = {"Authorization": "Bearer " + a.token, "Content-Type": "application/json"}
    attempts = []
    conn = None
    deadline = time.monotonic() + a.max_seconds
    n = 0
    last_stop_check = 0.0
    try:
        while not stopping and time.monotonic() < deadline:
            now = time.monotonic()
            if now - last_stop_check > 0.05:
                last_stop_check = now
                if os.path.exists(a.stop_file):
                    break
            n += 1
            name = "%s-%06d" % (a.prefix, n)
            body = json.dumps({"team": a.team, "name": name,
                               "endpoints": [{"host": "127.0.0.1", "port": 1024 + n % 60000}]})
            status, error = None, None
            t0 = time.time()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=a.timeout)
                conn.request("POST", "/api/v1/clusters", body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
                if status != 201:
                    try:
                        error = json.loads(data).get("error")
                    except Exception:
                        error = data[:80].decode("utf-8", "replace")
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (socket.timeout, TimeoutError):
                status = "timeout"
            except (OSError, http.client.HTTPException) as e:
                status = "conn-error"
                error = type(e).__name__
            t1 = time.time()
            if status != 201 and conn is not None:
                if status in ("timeout", "conn-error"):
                    conn.close()
                    conn = None
            attempts.append({"name": name, "start": t0, "end": t1, "status": status, "error": error})
            if len(attempts) == 1 and a.ready_file:
                open(a.ready_file, "w").close()
            if status in ("conn-error",):
                time.sleep(0.01)  # a refused connection returns at once; do not spin
    finally:
        with open(a.out, "w") as f:
            for att in attempts:
                f.write(json.dumps(att) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
