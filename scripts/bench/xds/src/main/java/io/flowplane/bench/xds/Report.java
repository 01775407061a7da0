package io.flowplane.bench.xds;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes docs/benchmarks-xds.md (replaced each run) and fills the raw JSON. */
final class Report {
    private Report() {}

    static String label(String server) {
        return switch (server) {
            case Bench.FLOWPLANE -> "Flowplane xds-service";
            case Bench.FLOWPLANE_OPEN -> "Flowplane xds-service, unauthenticated dataplanes allowed";
            default -> "java-control-plane 1.0.49";
        };
    }

    static void write(Bench b) throws IOException {
        Params p = b.p;
        StringBuilder md = new StringBuilder();
        boolean quick = p.mode.equals("quick");
        md.append("# xDS benchmark: Flowplane xds-service and java-control-plane\n\n");
        md.append("Written by `scripts/bench/xds/run` and replaced on every run; the method is in the second half.\n\n");
        if (quick) {
            md.append("> **QUICK / TRIAL RUN.** These numbers come from `run --quick`: small counts, taken while other "
                    + "builds shared the machine. They show that the harness works end to end; they are not the "
                    + "benchmark result. Run `scripts/bench/xds/run` (full) on a quiet machine for that.\n\n");
        }

        md.append("## Run\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "mode", p.mode + (quick ? " (trial)" : ""));
        for (Map.Entry<String, String> e : p.values.entrySet()) {
            if (e.getKey().startsWith("info-")) {
                row(md, e.getKey().substring(5).replace('-', ' '), e.getValue());
            }
        }
        row(md, "load average at the end", Machine.loadAverage());
        row(md, "elapsed", b.raw.getOrDefault("elapsed_s", "?") + " s");
        md.append("\nParameters: `").append(String.join("` `", p.describe())).append("`\n\n");

        summary(b, md);
        envoy(b, md);
        sim(b, md);
        ramp(b, md);
        nack(b, md);
        method(b, md);

        md.append("\n## Run log\n\n");
        for (String line : b.log) {
            md.append("- ").append(line).append('\n');
        }
        Files.createDirectories(p.out.toAbsolutePath().getParent());
        Files.writeString(p.out, md.toString());
    }

    private static void row(StringBuilder md, String k, Object v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static Bench.LatencyRun find(List<Bench.LatencyRun> runs, String server) {
        return runs.stream().filter(r -> r.server.equals(server)).findFirst().orElse(null);
    }

    private static String ratio(double fp, double jcp) {
        return Double.isNaN(fp) || Double.isNaN(jcp) || jcp == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", fp / jcp);
    }

    private static void summary(Bench b, StringBuilder md) {
        md.append("## Summary\n\n");
        md.append("| workload | metric | Flowplane | java-control-plane | Flowplane / jcp | Flowplane goal |\n");
        md.append("|---|---|---|---|---|---|\n");
        latencySummary(md, "1. " + b.p.envoys + " real Envoys", find(b.envoyRuns, Bench.FLOWPLANE),
                find(b.envoyRuns, Bench.JCP), 50);
        latencySummary(md, "2. " + b.p.simStreams + " simulated streams", find(b.simRuns, Bench.FLOWPLANE),
                find(b.simRuns, Bench.JCP), 250);
        Bench.RampRun fpRamp = b.rampRuns.stream().filter(r -> r.server.equals(Bench.FLOWPLANE)).findFirst().orElse(null);
        Bench.RampRun jcpRamp = b.rampRuns.stream().filter(r -> r.server.equals(Bench.JCP)).findFirst().orElse(null);
        if (fpRamp != null || jcpRamp != null) {
            int goal = 10000;
            md.append("| 3. stream ramp | most streams all synced | ").append(maxSynced(fpRamp)).append(" | ")
                    .append(maxSynced(jcpRamp)).append(" | | ≥ ").append(goal).append(maxSynced(fpRamp) >= goal
                            ? " ✔" : " ✘ (not reached in this run)").append(" |\n");
            md.append("| 3. stream ramp | heap per stream at the last step | ").append(perStream(fpRamp, true))
                    .append(" | ").append(perStream(jcpRamp, true)).append(" | | |\n");
            md.append("| 3. stream ramp | RSS per stream at the last step | ").append(perStream(fpRamp, false))
                    .append(" | ").append(perStream(jcpRamp, false)).append(" | | |\n");
        }
        Bench.NackRun fpNack = b.nackRuns.stream().filter(r -> r.server.equals(Bench.FLOWPLANE)).findFirst().orElse(null);
        Bench.NackRun jcpNack = b.nackRuns.stream().filter(r -> r.server.equals(Bench.JCP)).findFirst().orElse(null);
        if (fpNack != null || jcpNack != null) {
            md.append("| 4. NACK | resends of the rejected version in ").append(b.p.nackWindowMs).append(" ms | ")
                    .append(fpNack == null ? "n/a" : fpNack.rejectedInWindow).append(" | ")
                    .append(jcpNack == null ? "n/a" : jcpNack.rejectedInWindow).append(" | | 0")
                    .append(fpNack == null ? "" : fpNack.rejectedInWindow == 0 ? " ✔" : " ✘").append(" |\n");
        }
        md.append('\n');
        credentialCost(b, md);
    }

    /**
     * What checking dataplane credentials costs: simulated-stream runs of Flowplane as shipped (every stream
     * carries its dataplane's credential) against runs with xds.allowUnauthenticatedDataplanes and none sent,
     * interleaved in one run. The ratio is of all samples pooled per mode.
     */
    private static void credentialCost(Bench b, StringBuilder md) {
        List<Bench.LatencyRun> checked = b.simRuns.stream().filter(r -> r.server.equals(Bench.FLOWPLANE)).toList();
        List<Bench.LatencyRun> open = b.simRuns.stream().filter(r -> r.server.equals(Bench.FLOWPLANE_OPEN)).toList();
        if (checked.isEmpty() || open.isEmpty()) {
            return;
        }
        md.append("## The cost of credential checks (").append(b.p.simStreams).append(" simulated streams)\n\n");
        md.append("| run | mode | commit-to-ACK p50 (ms) | p99 (ms) | samples (missing) |\n|---|---|---|---|---|\n");
        Stats checkedAll = new Stats();
        Stats openAll = new Stats();
        int n = 0;
        for (Bench.LatencyRun run : b.simRuns) {
            boolean isChecked = run.server.equals(Bench.FLOWPLANE);
            if (!isChecked && !run.server.equals(Bench.FLOWPLANE_OPEN)) {
                continue;
            }
            (isChecked ? checkedAll : openAll).addAll(run.all.ms);
            md.append("| ").append(++n).append(" | ").append(isChecked ? "credentials checked" : "unauthenticated allowed")
                    .append(" | ").append(Stats.f(run.all.p(0.5))).append(" | ").append(Stats.f(run.all.p(0.99)))
                    .append(" | ").append(run.all.count()).append(" (").append(run.missing).append(") |\n");
        }
        double c50 = checkedAll.p(0.5);
        double c99 = checkedAll.p(0.99);
        double o50 = openAll.p(0.5);
        double o99 = openAll.p(0.99);
        md.append("| all | checked / allowed | ").append(ratio(c50, o50)).append(" | ").append(ratio(c99, o99))
                .append(" | goal: no worse than 1.05× |\n\n");
    }

    private static void latencySummary(StringBuilder md, String name, Bench.LatencyRun fp, Bench.LatencyRun jcp,
            double goalP99) {
        if (fp == null && jcp == null) {
            return;
        }
        double fp50 = fp == null ? Double.NaN : fp.all.p(0.5);
        double fp99 = fp == null ? Double.NaN : fp.all.p(0.99);
        double j50 = jcp == null ? Double.NaN : jcp.all.p(0.5);
        double j99 = jcp == null ? Double.NaN : jcp.all.p(0.99);
        md.append("| ").append(name).append(" | commit-to-ACK p50 (ms) | ").append(Stats.f(fp50)).append(" | ")
                .append(Stats.f(j50)).append(" | ").append(ratio(fp50, j50)).append(" | |\n");
        md.append("| ").append(name).append(" | commit-to-ACK p99 (ms) | ").append(Stats.f(fp99)).append(" | ")
                .append(Stats.f(j99)).append(" | ").append(ratio(fp99, j99)).append(" | ≤ ")
                .append(Stats.f(goalP99)).append(Double.isNaN(fp99) ? "" : fp99 <= goalP99 ? " ✔" : " ✘").append(" |\n");
        if (fp != null && fp.histogram != null) {
            md.append("| ").append(name).append(" | cross-check: Flowplane's own histogram p50 / p99 (ms), EDS | ")
                    .append(Stats.f(fp.histP50Ms)).append(" / ").append(Stats.f(fp.histP99Ms))
                    .append(" | | | |\n");
        }
        md.append("| ").append(name).append(" | samples (missing) | ")
                .append(fp == null ? "n/a" : fp.all.count() + " (" + fp.missing + ")").append(" | ")
                .append(jcp == null ? "n/a" : jcp.all.count() + " (" + jcp.missing + ")").append(" | | |\n");
    }

    private static int maxSynced(Bench.RampRun run) {
        if (run == null) {
            return 0;
        }
        int best = 0;
        for (Bench.RampStep s : run.steps) {
            if (s.synced >= s.target && s.failed == 0 && s.alive) {
                best = Math.max(best, s.target);
            }
        }
        return best;
    }

    private static String perStream(Bench.RampRun run, boolean heap) {
        if (run == null || run.steps.isEmpty()) {
            return "n/a";
        }
        Bench.RampStep last = null;
        for (Bench.RampStep s : run.steps) {
            if (s.alive && s.synced > 0) {
                last = s;
            }
        }
        if (last == null) {
            return "n/a";
        }
        long delta = heap ? last.heap - run.baseHeap : last.rss - run.baseRss;
        return String.format(Locale.ROOT, "%,d B (at %,d streams)", delta / Math.max(1, last.synced), last.synced);
    }

    private static void latencyTables(StringBuilder md, List<Bench.LatencyRun> runs, Map<String, Object> raw) {
        md.append("| server | n | min | p50 | p90 | p99 | max | missing | server CPU s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Bench.LatencyRun r : runs) {
            md.append("| ").append(label(r.server)).append(" | ").append(r.all.row()).append(" | ").append(r.missing)
                    .append(" | ").append(Stats.f(r.serverCpuSeconds)).append(" |\n");
        }
        md.append('\n');
        for (Bench.LatencyRun r : runs) {
            if (r.histogram != null) {
                md.append("- ").append(label(r.server)).append(", cross-check, its own histogram over the same changes: ")
                        .append(r.histogram).append('\n');
            } else if (r.server.equals(Bench.FLOWPLANE)) {
                md.append("- ").append(label(r.server)).append(": `").append(Bench.SYNC_HISTOGRAM)
                        .append("` was not exposed by the jar under test.\n");
            }
            if (r.syncSeconds > 0) {
                md.append("- ").append(label(r.server)).append(": all streams synced (LDS, RDS, CDS, EDS ACKed) ")
                        .append(Stats.f(r.syncSeconds)).append(" s after opening; client stream failures: ")
                        .append(r.clientFailures).append(".\n");
            }
        }
        md.append("\n<details><summary>Per change (ms): n, min, p50, max</summary>\n\n");
        md.append("| change |");
        for (Bench.LatencyRun r : runs) {
            md.append(' ').append(label(r.server)).append(" |");
        }
        md.append("\n|---|");
        runs.forEach(r -> md.append("---|"));
        md.append('\n');
        int rows = runs.stream().mapToInt(r -> r.changes.size()).max().orElse(0);
        for (int i = 0; i < rows; i++) {
            md.append("| ").append(i + 1).append(" |");
            for (Bench.LatencyRun r : runs) {
                if (i < r.changes.size()) {
                    Stats s = new Stats();
                    s.addAll(r.changes.get(i).latencyMs);
                    md.append(' ').append(s.count()).append(", ").append(Stats.f(s.min())).append(", ")
                            .append(Stats.f(s.p(0.5))).append(", ").append(Stats.f(s.max())).append(" |");
                } else {
                    md.append(" |");
                }
            }
            md.append('\n');
        }
        md.append("\n</details>\n\n");
        for (Bench.LatencyRun r : runs) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("samples_ms", r.all.ms);
            entry.put("missing", r.missing);
            entry.put("server_cpu_s", r.serverCpuSeconds);
            entry.put("histogram", r.histogram);
            List<Object> changes = new ArrayList<>();
            for (Bench.ChangeResult c : r.changes) {
                changes.add(Map.of("marker", c.marker, "expected", c.expected, "latency_ms", c.latencyMs));
            }
            entry.put("changes", changes);
            raw.put(r.workload + "/" + r.server, entry);
        }
    }

    private static void envoy(Bench b, StringBuilder md) {
        if (b.envoyRuns.isEmpty()) {
            return;
        }
        md.append("## 1. Commit-to-ACK, ").append(b.p.envoys).append(" real Envoys (ms)\n\n");
        md.append("One Envoy per dataplane (dataplanes 0–").append(b.p.envoys - 1).append("), ")
                .append(b.p.envoyChanges).append(" counted changes after ").append(b.p.warmupChanges)
                .append(" warm-up changes, one every ").append(b.p.changeGapMs)
                .append(" ms; one sample per Envoy per change: the ACK time the server itself recorded, read once at ")
                .append(b.p.changeGapMs * 9 / 10).append(" ms, with nothing polling the server before.\n\n");
        latencyTables(md, b.envoyRuns, b.raw);
    }

    private static void sim(Bench b, StringBuilder md) {
        if (b.simRuns.isEmpty()) {
            return;
        }
        md.append("## 2. Commit-to-ACK, ").append(b.p.simStreams).append(" simulated ADS streams (ms)\n\n");
        md.append(b.p.simStreams).append(" streams over ").append(b.p.dataplanes).append(" dataplanes, ")
                .append(b.p.streamsPerChannel).append(" streams per TCP connection, ").append(b.p.simChanges)
                .append(" counted changes after ").append(b.p.warmupChanges).append(" warm-up changes, one every ")
                .append(b.p.changeGapMs).append(" ms; one sample per stream per change.\n\n");
        latencyTables(md, b.simRuns, b.raw);
    }

    private static void ramp(Bench b, StringBuilder md) {
        if (b.rampRuns.isEmpty()) {
            return;
        }
        md.append("## 3. Concurrent streams, heap and RSS\n\n");
        md.append("Both servers run with `-Xmx").append(b.p.xmx).append(" -XX:+UseG1GC`. Heap is \"used\" from "
                + "`jcmd GC.heap_info` right after `jcmd GC.run`; RSS is VmRSS. Per-stream figures are "
                + "(value − value with 0 streams) / synced streams.\n\n");
        md.append("| server | target | opened | synced | failed | server's count | s to sync | heap MiB | RSS MiB "
                + "| heap B/stream | RSS B/stream |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Object> rawRuns = new ArrayList<>();
        for (Bench.RampRun r : b.rampRuns) {
            md.append("| ").append(label(r.server)).append(" | 0 | | | | | | ").append(r.baseHeap >> 20).append(" | ")
                    .append(r.baseRss >> 20).append(" | | |\n");
            for (Bench.RampStep s : r.steps) {
                md.append("| ").append(label(r.server)).append(" | ").append(s.target).append(" | ").append(s.opened)
                        .append(" | ").append(s.synced).append(" | ").append(s.failed).append(" | ")
                        .append(s.serverStreams).append(" | ").append(Stats.f(s.seconds)).append(" | ")
                        .append(s.alive ? Long.toString(s.heap >> 20) : "died").append(" | ")
                        .append(s.alive ? Long.toString(s.rss >> 20) : "").append(" | ")
                        .append(s.alive && s.synced > 0 ? Long.toString((s.heap - r.baseHeap) / s.synced) : "")
                        .append(" | ")
                        .append(s.alive && s.synced > 0 ? Long.toString((s.rss - r.baseRss) / s.synced) : "")
                        .append(" |\n");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("server", r.server);
            entry.put("base_heap", r.baseHeap);
            entry.put("base_rss", r.baseRss);
            entry.put("steps", r.steps);
            entry.put("stop_reason", r.stopReason);
            rawRuns.add(entry);
        }
        md.append('\n');
        for (Bench.RampRun r : b.rampRuns) {
            md.append("- ").append(label(r.server)).append(": ")
                    .append(r.stopReason == null ? "every step completed." : "stopped: " + r.stopReason + ".")
                    .append('\n');
        }
        md.append('\n');
        b.raw.put("ramp", rawRuns);
    }

    private static void nack(Bench b, StringBuilder md) {
        if (b.nackRuns.isEmpty()) {
            return;
        }
        md.append("## 4. NACK: resends after a rejected version\n\n");
        md.append("| server | rejected version | EDS responses in the ").append(b.p.nackWindowMs)
                .append(" ms after the first NACK | of them the rejected version (resends) | NACKs sent | "
                        + "server's EDS NACK counter delta |\n|---|---|---|---|---|---|\n");
        List<Object> rawRuns = new ArrayList<>();
        for (Bench.NackRun r : b.nackRuns) {
            String version = r.rejectedVersion == null ? "" : r.rejectedVersion.length() > 16
                    ? r.rejectedVersion.substring(0, 16) + "…" : r.rejectedVersion;
            md.append("| ").append(label(r.server)).append(" | `").append(version).append("` | ")
                    .append(r.edsInWindow).append(" | ").append(r.rejectedInWindow).append(" | ").append(r.nacksSent)
                    .append(" | ").append(Double.isNaN(r.serverNacks) ? "n/a" : Stats.f(r.serverNacks)).append(" |\n");
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("server", r.server);
            entry.put("rejected_version", r.rejectedVersion);
            entry.put("eds_in_window", r.edsInWindow);
            entry.put("rejected_in_window", r.rejectedInWindow);
            entry.put("nacks_sent", r.nacksSent);
            entry.put("server_nacks", Double.isNaN(r.serverNacks) ? null : r.serverNacks);
            rawRuns.add(entry);
        }
        md.append('\n');
        b.raw.put("nack", rawRuns);
    }

    private static void method(Bench b, StringBuilder md) {
        Params p = b.p;
        md.append("""
                ## Method

                **Servers.** *Flowplane*: the xds-service shaded jar (copied from `xds-service/target` at the start \
                of the run), started as `java -Xmx%1$s -XX:+UseG1GC -jar … server deploy/config/xds-service.yml` \
                (poll interval 250 ms, 8 ADS worker threads, as shipped). *java-control-plane* (jcp): \
                `V3DiscoveryServer` over `SimpleCache<String>` keyed by node group = the `flowplane_dataplane_id` \
                node metadata, on a grpc-netty-shaded server with the same keep-alive settings as Flowplane's, \
                default executor group and serializer, in its own JVM with the same `-Xmx%1$s -XX:+UseG1GC` \
                (`JcpServerMain`). Its snapshots are built with Flowplane's own `SnapshotBuilder` from the same \
                database read (`RevisionStore.loadDetailedFleet`), unpacked into the typed messages `Snapshot.create` \
                takes, so both serve the same listeners, routes, clusters and endpoints; its version is a counter \
                (one version per snapshot, all four types), its normal usage. Both run on the same grpc-java, \
                protobuf and Envoy API classes (the harness and jcp run from the Flowplane jar's class path). \
                Each server is started afresh for each workload; workloads run one server at a time, \
                Flowplane first, then jcp.

                **Fleet.** Written with Flowplane's stores into a database of its own (`%2$s`, dropped and created \
                each run) on the PostgreSQL at the admin URL: one team, %3$d dataplanes; per dataplane one listener \
                (127.0.0.1, its own port), one route configuration and %4$d clusters of its own (2 IP endpoints, \
                so EDS); every route configuration also routes `/` to the cluster `shared`. Each dataplane's Envoys \
                get 1 listener, 1 route configuration, %5$d clusters and %5$d load assignments.

                **A change** rewrites the endpoints of `shared`: new port 10000 + *k* for change *k*. That changes \
                one ClusterLoadAssignment of every dataplane and nothing else; Flowplane pushes EDS only (its \
                versions are content hashes), jcp pushes all four types (its version moved). *Flowplane's commit*: \
                one SQL transaction through `ClusterStore.update`; time zero is the harness's wall clock when \
                `COMMIT` returned to it. *jcp's commit*: the harness commits the same SQL change, then `POST /reload` \
                on the jcp process reads and builds the fleet and calls `setSnapshot` for every dataplane; time zero \
                is taken in the jcp JVM right before the first `setSnapshot` call (reading and building are not \
                counted for jcp, while for Flowplane the wake-up (NOTIFY or poll), the read and the build are inside \
                the measurement). Changes start %6$d ms apart (start to start; in workload 2 the next change also \
                waits until every ACK of the previous one is in or %7$d ms passed); the first %8$d changes of each \
                run are warm-up and not counted.

                **1. Real Envoys.** Envoy 1.40 (`%9$s`), one process per dataplane, each with its own admin port, \
                `--use-dynamic-base-id --concurrency 1`, SotW ADS over gRPC, node metadata \
                `flowplane_dataplane_id`. The run starts once every Envoy's `/ready` says LIVE (for Flowplane, \
                also once every Envoy stream has ACKed EDS). Both servers are measured the same way, by the ACK \
                times they record themselves: after the commit the harness leaves the server alone until %18$d ms \
                (90 %% of the gap) after the change started, then reads those times once. *jcp*: `GET /acks`: per \
                stream, the first EDS request with a response nonce, no `error_detail` and `version_info` equal to \
                the new version, timed in `onV3StreamRequest`; latency = that moment − the `setSnapshot` moment, \
                both `System.nanoTime()` in the jcp JVM. *Flowplane*: `GET /api/v1/xds/status`: for each Envoy \
                stream whose EDS `last_acked_version` moved since the previous read, latency = its EDS \
                `last_acked_at` (the xds-service's wall clock when the stream handled the ACK, µs) − time zero (the \
                harness's wall clock, µs); same machine, same `CLOCK_REALTIME`. An ACK not recorded by the read, or \
                (Flowplane) recorded before this change's commit, counts as missing. Flowplane's own \
                `%10$s{type="eds"}`, scraped before the first counted change and after the last, is listed as a \
                cross-check.

                **2. Simulated streams.** %11$d gRPC ADS streams from the harness JVM (a separate JVM from both \
                servers), SotW, spread round-robin over the %3$d dataplanes, %12$d streams per TCP connection, %13$d \
                client threads. Each stream behaves like Envoy: LDS and CDS wildcard first, then RDS and EDS by the \
                names those carry; the node on every request; every response ACKed with its version and nonce. \
                The client reads the port of `shared` in each EDS response to know which change it carries and \
                stamps the wall clock (µs) right after sending the ACK of the first response carrying change *k*. \
                Latency = that stamp − commit time; for jcp the commit time is the wall clock in the jcp JVM \
                before the first `setSnapshot` (returned by `/reload`), for Flowplane the wall clock after \
                `COMMIT` in the harness; same machine, same `CLOCK_REALTIME`.

                **3. Stream ramp.** Streams are opened in batches of %14$d (same client as 2) up to each step \
                (%15$s); each step may take %16$d s. At each step: streams synced (all four types ACKed), the \
                server's own count of open streams, heap used after a full GC (`jcmd <pid> GC.run`, then \
                `GC.heap_info`), and VmRSS. The ramp stops at the first step that does not complete.

                **4. NACK.** One stream on dataplane 0 syncs; then a change is committed (jcp: set). The stream \
                NACKs (version_info = last accepted, nonce of the response, `error_detail` set) the first EDS \
                response carrying the change and every later EDS response of that same version, and counts the \
                EDS responses it receives in the %17$d ms after the first NACK. Resends = responses of the \
                rejected version in that window. After the window it stops answering and closes.

                **Known measurement errors.**
                - Workload 1: both figures are "the server handled the ACK" times, taken at slightly different \
                points: jcp's callback runs on the gRPC thread as the request arrives; Flowplane stamps \
                `last_acked_at` when the stream's executor handles the request, after any work queued before it on \
                that stream (so slightly later). Flowplane's latency spans two JVMs' wall clocks (the same system \
                clock; a clock step during a change would show in it); jcp's is one JVM's monotonic clock. Nothing \
                observes either server while a change propagates: the single read per change comes after the ACKs, \
                or they count as missing.
                - Flowplane's histogram is bucketed (quantiles interpolated within buckets) and starts at \
                `config_revision.updated_at`, which the trigger sets to `now()`, the start of the writing \
                transaction, so it reads slightly longer than commit-to-ACK; it is a cross-check, not the figure.
                - Commit points differ by design: Flowplane's includes the database (wake-up, fleet read, build), \
                jcp's starts after its read and build. That is the comparison asked for: a database-backed \
                control plane against an in-memory cache fed directly.
                - Workload 2 stamps on the client, after the ACK is sent: client-side queueing (%13$d threads for \
                all streams) is inside the number for both servers; across JVMs the wall clocks are the same clock.
                - Both servers, the clients, the Envoys and PostgreSQL share the machine's cores; other work on \
                the machine (see load averages) adds noise. Quick runs are only a smoke test.
                - Heap after an explicit full GC is live data plus what G1 does not give back; RSS includes the \
                JVM's own growth (thread stacks, direct buffers of Netty), so it is the upper figure.
                """.formatted(p.xmx, p.dbName, p.dataplanes, p.clustersPerDataplane, p.clustersPerDataplane + 1,
                p.changeGapMs, p.changeTimeoutMs, p.warmupChanges, p.envoy, Bench.SYNC_HISTOGRAM,
                p.simStreams, p.streamsPerChannel, p.clientThreads, p.rampBatch,
                java.util.Arrays.toString(p.rampSteps), p.rampStepTimeoutS, p.nackWindowMs, p.changeGapMs * 9 / 10));
    }
}
