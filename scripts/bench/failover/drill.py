#!/usr/bin/env python3
"""One failover drill against a running stack (started by ./run): the writer before, during and
after a PostgresFailoverWorkflow, then what survived. Writes the raw facts as one JSON file for
report.py. Python 3 standard library only; every wait is bounded.
"""
import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    print("[failover-bench] " + msg, file=sys.stderr, flush=True)


class Api:
    def __init__(self, port, token, timeout=5.0):
        self.port, self.token, self.timeout = port, token, timeout

    def call(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            headers = {"Authorization": "Bearer " + self.token}
            data = None
            if body is not None:
                data = json.dumps(body)
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode("utf-8", "replace")
            return resp.status, parsed
        finally:
            conn.close()

    def call_retrying(self, method, path, body=None, want=(200,), seconds=30):
        deadline = time.monotonic() + seconds
        last = None
        while True:
            try:
                status, parsed = self.call(method, path, body)
                if status in want:
                    return status, parsed
                last = (status, parsed)
            except OSError as e:
                last = ("error", str(e))
            if time.monotonic() >= deadline:
                raise RuntimeError("%s %s: no %s within %ss; last answer %r" % (method, path, want, seconds, last))
            time.sleep(0.3)


def psql_names(psql, port, team):
    """Cluster names of the team, read straight from the database on 127.0.0.1:port."""
    env = dict(os.environ, PGCONNECT_TIMEOUT="5")
    out = subprocess.run([psql, "-X", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "flowplane",
                          "-tA", "-v", "ON_ERROR_STOP=1", "-c",
                          "SELECT name FROM clusters WHERE team = '%s'" % team.replace("'", "''")],
                         capture_output=True, text=True, timeout=60, env=env)
    if out.returncode != 0:
        raise RuntimeError("psql on port %s failed: %s" % (port, out.stderr.strip()))
    return sorted(line for line in out.stdout.splitlines() if line)


def psql_value(psql, port, sql):
    env = dict(os.environ, PGCONNECT_TIMEOUT="5")
    out = subprocess.run([psql, "-X", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "flowplane",
                          "-tA", "-c", sql], capture_output=True, text=True, timeout=30, env=env)
    return out.stdout.strip() if out.returncode == 0 else "error: " + out.stderr.strip()[:200]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--api-port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--cluster", required=True, help="database cluster name in the worker's clusters file")
    p.add_argument("--promote", default="us-east-2")
    p.add_argument("--mode", choices=["planned", "unplanned"], default="planned")
    p.add_argument("--drain-seconds", type=int, default=0)
    p.add_argument("--psql", required=True)
    p.add_argument("--primary-port", type=int, required=True)
    p.add_argument("--replica-port", type=int, required=True)
    p.add_argument("--stop-primary", help="unplanned: shell command that kills the primary")
    p.add_argument("--before", type=float, default=5.0, help="seconds of writes before the failover starts")
    p.add_argument("--after", type=float, default=5.0, help="seconds of writes after it completes")
    p.add_argument("--op-timeout", type=float, default=180.0)
    p.add_argument("--request-timeout", type=float, default=2.0)
    p.add_argument("--workdir", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    # ./run's timeout sends SIGTERM: leave through the finally blocks, so the writer is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    api = Api(a.api_port, a.token)
    team = "bench"
    facts = {"mode": a.mode, "cluster": a.cluster, "promote": a.promote, "drain_seconds": a.drain_seconds,
             "before_s": a.before, "after_s": a.after, "request_timeout_s": a.request_timeout,
             "loadavg_start": open("/proc/loadavg").read().split()[:3], "ok": False, "problems": []}

    status, body = api.call("POST", "/api/v1/teams", {"name": team})
    if status != 201:
        raise RuntimeError("creating team answered %s: %r" % (status, body))

    attempts_file = os.path.join(a.workdir, "attempts.jsonl")
    stop_file = os.path.join(a.workdir, "writer.stop")
    ready_file = os.path.join(a.workdir, "writer.ready")
    for f in (stop_file, ready_file):
        if os.path.exists(f):
            os.remove(f)
    max_writer = a.before + a.op_timeout + a.after + 120
    writer = subprocess.Popen([sys.executable, os.path.join(HERE, "writer.py"), "--port", str(a.api_port),
                               "--token", a.token, "--team", team, "--prefix", "bench", "--out", attempts_file,
                               "--stop-file", stop_file, "--ready-file", ready_file,
                               "--max-seconds", str(max_writer), "--timeout", str(a.request_timeout)])
    operation = None
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(ready_file):
            if writer.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the writer did not start")
            time.sleep(0.05)
        facts["writer_started"] = time.time()
        time.sleep(a.before)

        if a.mode == "unplanned":
            facts["primary_stopped_at"] = time.time()
            subprocess.run(a.stop_primary, shell=True, check=True, timeout=60)
            facts["primary_stop_returned_at"] = time.time()
            log("primary stopped (pg_ctl -m immediate)")

        request = {"kind": "postgres-failover", "target": a.cluster,
                   "options": {"promote": a.promote, "mode": a.mode, "drain_seconds": a.drain_seconds}}
        facts["failover_request"] = request
        facts["failover_posted"] = time.time()
        status, started = api.call("POST", "/api/v1/failovers", request)
        facts["failover_answered"] = time.time()
        if status != 202:
            raise RuntimeError("POST /api/v1/failovers answered %s: %r" % (status, started))
        op_id = started["id"]
        facts["operation_id"] = op_id
        log("failover %s started" % op_id)

        deadline = time.monotonic() + a.op_timeout
        approved = False
        poll_errors = 0
        while True:
            try:
                status, view = api.call("GET", "/api/v1/failovers/" + op_id)
            except OSError as e:
                status, view = "error", str(e)
            if status == 200:
                operation = view
                st = view.get("status")
                if st == "COMPLETED":
                    facts["completed_seen"] = time.time()
                    break
                if st in ("FAILED", "TERMINATED", "TIMED_OUT", "CANCELED"):
                    facts["problems"].append("the failover ended %s: %s" % (st, view.get("failure")))
                    facts["completed_seen"] = time.time()
                    break
                if a.mode == "unplanned" and not approved and any(
                        s.get("state") == "WAITING_FOR_APPROVAL" for s in view.get("steps") or []):
                    facts["approval_posted"] = time.time()
                    s2, b2 = api.call("POST", "/api/v1/failovers/%s/approve" % op_id, {"approver": "failover-bench"})
                    if s2 != 200:
                        raise RuntimeError("approve answered %s: %r" % (s2, b2))
                    approved = True
                    log("data loss approved")
            else:
                poll_errors += 1
            if time.monotonic() > deadline:
                facts["problems"].append("the failover did not complete within %ss (last status %s)"
                                         % (a.op_timeout, (operation or {}).get("status")))
                break
            time.sleep(0.2)
        facts["poll_errors"] = poll_errors
        time.sleep(a.after)
    finally:
        open(stop_file, "w").close()
        try:
            writer.wait(timeout=a.request_timeout + 15)
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            writer.kill()
            writer.wait(timeout=10)
        facts["writer_stopped"] = time.time()

    attempts = []
    if os.path.exists(attempts_file):
        with open(attempts_file) as f:
            attempts = [json.loads(line) for line in f if line.strip()]
    facts["attempts"] = attempts
    facts["operation"] = operation
    facts["loadavg_end"] = open("/proc/loadavg").read().split()[:3]

    # What survived: through the API (now on the new primary) and straight from the promoted replica.
    try:
        _, listed = api.call_retrying("GET", "/api/v1/clusters?team=" + team, seconds=30)
        facts["api_names"] = sorted(c["name"] for c in listed)
    except Exception as e:  # recorded, reported as a problem
        facts["api_names"] = None
        facts["problems"].append("listing clusters through the API failed: %s" % e)
    try:
        facts["replica_names"] = psql_names(a.psql, a.replica_port, team)
    except Exception as e:
        facts["replica_names"] = None
        facts["problems"].append("reading the promoted replica failed: %s" % e)
    facts["replica_in_recovery"] = psql_value(a.psql, a.replica_port, "SELECT pg_is_in_recovery()")
    if a.mode == "planned":
        try:
            facts["old_primary_names"] = psql_names(a.psql, a.primary_port, team)
        except Exception as e:
            facts["old_primary_names"] = None
            facts["problems"].append("reading the old primary failed: %s" % e)
    facts["ok"] = not facts["problems"] and operation is not None and operation.get("status") == "COMPLETED"
    with open(a.out, "w") as f:
        json.dump(facts, f)
    ok_attempts = sum(1 for x in attempts if x["status"] == 201)
    log("drill done: %d attempts, %d acknowledged, operation %s%s" % (
        len(attempts), ok_attempts, (operation or {}).get("status"),
        "" if not facts["problems"] else "; problems: " + "; ".join(facts["problems"])))
    return 0 if facts["ok"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
