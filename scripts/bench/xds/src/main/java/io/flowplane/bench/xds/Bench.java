package io.flowplane.bench.xds;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The xDS benchmark: the same fleet, the same clients and the same changes against Flowplane's
 * xds-service and against java-control-plane, one server at a time, each started afresh for each
 * workload. See {@code scripts/bench/xds/run --help} and docs/benchmarks-xds.md.
 */
public final class Bench {
    static final String FLOWPLANE = "flowplane";
    static final String JCP = "jcp";
    /** Flowplane with xds.allowUnauthenticatedDataplanes and clients without credentials: what the checks cost. */
    static final String FLOWPLANE_OPEN = "flowplane-open";
    static final String SYNC_HISTOGRAM = "flowplane_xds_config_sync_latency_seconds";

    final Params p;
    final Fleet fleet;
    final Map<String, Object> raw = new LinkedHashMap<>();
    final List<LatencyRun> envoyRuns = new ArrayList<>();
    final List<LatencyRun> simRuns = new ArrayList<>();
    final List<RampRun> rampRuns = new ArrayList<>();
    final List<NackRun> nackRuns = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Bench(Params p, Fleet fleet) {
        this.p = p;
        this.fleet = fleet;
    }

    public static void main(String[] args) throws Exception {
        Params p = Params.parse(args);
        Files.createDirectories(p.workDir);
        long started = System.currentTimeMillis();
        say("creating the fleet in database " + p.dbName + ": " + p.dataplanes + " dataplanes, "
                + p.clustersPerDataplane + " clusters each + 1 shared");
        try (Fleet fleet = Fleet.create(p.dbAdminUrl, p.dbName, p.dataplanes, p.clustersPerDataplane,
                p.port(Params.LISTENER_OFFSET))) {
            Bench bench = new Bench(p, fleet);
            try {
                bench.runAll();
            } finally {
                bench.raw.put("elapsed_s", (System.currentTimeMillis() - started) / 1000);
                Report.write(bench);
                new ObjectMapper().setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(p.workDir.resolve("results.json").toFile(), bench.raw);
                say("raw results: " + p.workDir.resolve("results.json") + "; report: " + p.out);
            }
        } finally {
            if (!p.keepDatabase) {
                Fleet.drop(p.dbAdminUrl, p.dbName);
            }
        }
    }

    void runAll() throws Exception {
        for (String workload : p.workloads) {
            for (String server : p.servers) {
                String phase = workload + "/" + server;
                String loadBefore = Machine.loadAverage();
                say("== " + phase + " (load average " + loadBefore + ")");
                try {
                    switch (workload) {
                        case "envoy" -> envoyRuns.add(envoyLatency(server));
                        case "sim" -> simRuns.add(simLatency(server));
                        case "nack" -> nackRuns.add(nack(server));
                        case "ramp" -> rampRuns.add(ramp(server));
                        default -> throw new IllegalArgumentException("unknown workload " + workload);
                    }
                } catch (Exception e) {
                    String msg = phase + " failed: " + e;
                    say(msg);
                    log.add(msg);
                    e.printStackTrace();
                }
                log.add(phase + ": load average before " + loadBefore + ", after " + Machine.loadAverage());
            }
        }
    }

    private ServerProcess startServer(String server, String tag) throws IOException, InterruptedException {
        Path logFile = p.workDir.resolve(server + "-" + tag + ".log");
        ServerProcess s = server.startsWith(FLOWPLANE)
                ? new ServerProcess.Flowplane(p.flowplaneJar, p.flowplaneConfig, fleet.url, p.xmx,
                        p.port(Params.FP_XDS), p.port(Params.FP_HTTP), p.port(Params.FP_ADMIN), logFile,
                        server.equals(FLOWPLANE_OPEN))
                : new ServerProcess.Jcp(p.classpath, fleet.url, p.xmx, p.port(Params.JCP_XDS),
                        p.port(Params.JCP_CONTROL), logFile);
        s.start(Duration.ofSeconds(90));
        return s;
    }

    /** What the clients of {@code server} send to prove their dataplane: only Flowplane (not -open) asks. */
    private Function<String, String> credentials(String server) {
        return server.equals(FLOWPLANE) ? fleet.credentials::get : id -> null;
    }

    private List<String> dataplaneIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(fleet.dataplanes.get(i % fleet.dataplanes.size()).id());
        }
        return ids;
    }

    // ---------------------------------------------------------------- workload 1: real Envoys

    /** Each change: commit, nothing until 90 % of the gap, then one read of the server's own ACK times. */
    LatencyRun envoyLatency(String server) throws Exception {
        LatencyRun run = new LatencyRun(server, "envoy");
        try (ServerProcess s = startServer(server, "envoy");
                Envoys envoys = Envoys.start(p.envoy, p.workDir, server, dataplaneIds(p.envoys), s.xdsPort,
                        p.port(Params.ENVOY_ADMIN_OFFSET), credentials(server))) {
            envoys.awaitLive(Duration.ofSeconds(60));
            if (s instanceof ServerProcess.Flowplane fp) {
                awaitFlowplaneEnvoyStreams(fp, p.envoys, Duration.ofSeconds(30));
            }
            Thread.sleep(1000);
            RecordedAcks acks = RecordedAcks.of(s, fleet);
            String promBefore = null;
            double cpuBefore = 0;
            for (int c = 0; c < p.warmupChanges + p.envoyChanges; c++) {
                boolean counted = c >= p.warmupChanges;
                if (c == p.warmupChanges) {
                    promBefore = s instanceof ServerProcess.Flowplane fp ? fp.prometheus() : null;
                    cpuBefore = Machine.cpuSeconds(s.pid());
                }
                int marker = fleet.nextMarker();
                long t0 = System.nanoTime();
                ChangeResult result = new ChangeResult(marker, p.envoys);
                result.latencyMs.addAll(acks.change(marker, t0 + p.changeGapMs * 900_000L));
                if (counted) {
                    run.record(result);
                }
                sleepRest(t0, p.changeGapMs);
            }
            run.serverCpuSeconds = Machine.cpuSeconds(s.pid()) - cpuBefore;
            if (s instanceof ServerProcess.Flowplane fp) {
                histogram(run, promBefore, fp.prometheus());
            }
        }
        return run;
    }

    private void awaitFlowplaneEnvoyStreams(ServerProcess.Flowplane fp, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (RecordedAcks.edsAcks(fp.status()).size() >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("Flowplane: " + count + " Envoy streams with an EDS ACK not seen within " + timeout);
    }

    // ---------------------------------------------------------------- workload 2: simulated streams

    LatencyRun simLatency(String server) throws Exception {
        LatencyRun run = new LatencyRun(server, "sim");
        try (ServerProcess s = startServer(server, "sim");
                AdsClients clients = new AdsClients(s.xdsPort, p.streamsPerChannel, p.clientThreads,
                        credentials(server))) {
            List<String> dps = dataplaneIds(fleet.dataplanes.size());
            long openStart = System.nanoTime();
            clients.open(p.simStreams, i -> dps.get(i % dps.size()), "sim-");
            if (!awaitSynced(clients, p.simStreams, System.nanoTime() + p.syncTimeoutS * 1_000_000_000L)) {
                throw new IOException("only " + clients.synced.get() + " of " + p.simStreams + " streams synced within "
                        + p.syncTimeoutS + " s (" + clients.failed.get() + " failed)");
            }
            run.syncSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(1000);
            String promBefore = null;
            double cpuBefore = 0;
            for (int c = 0; c < p.warmupChanges + p.simChanges; c++) {
                boolean counted = c >= p.warmupChanges;
                if (c == p.warmupChanges) {
                    promBefore = s instanceof ServerProcess.Flowplane fp ? fp.prometheus() : null;
                    cpuBefore = Machine.cpuSeconds(s.pid());
                }
                int marker = fleet.nextMarker();
                long t0 = System.nanoTime();
                AdsClients.ChangeTracker tracker = clients.track(marker);
                long commitUs;
                if (s instanceof ServerProcess.Jcp jcp) {
                    fleet.commitChange(marker);
                    commitUs = jcp.reload().path("commit_us").asLong();
                } else {
                    commitUs = fleet.commitChange(marker);
                }
                long deadline = t0 + p.changeTimeoutMs * 1_000_000L;
                while (tracker.acked.get() < p.simStreams && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                ChangeResult result = new ChangeResult(marker, p.simStreams);
                for (long at : tracker.ackMicros) {
                    if (at != 0) {
                        result.latencyMs.add((at - commitUs) / 1e3);
                    }
                }
                if (counted) {
                    run.record(result);
                }
                sleepRest(t0, p.changeGapMs);
            }
            run.serverCpuSeconds = Machine.cpuSeconds(s.pid()) - cpuBefore;
            run.clientFailures = clients.failed.get();
            if (s instanceof ServerProcess.Flowplane fp) {
                histogram(run, promBefore, fp.prometheus());
            }
        }
        return run;
    }

    private static boolean awaitSynced(AdsClients clients, int count, long deadlineNanos) throws InterruptedException {
        while (clients.synced.get() < count && System.nanoTime() < deadlineNanos) {
            Thread.sleep(20);
        }
        return clients.synced.get() >= count;
    }

    // ---------------------------------------------------------------- workload 3: stream ramp

    RampRun ramp(String server) throws Exception {
        RampRun run = new RampRun(server);
        try (ServerProcess s = startServer(server, "ramp");
                AdsClients clients = new AdsClients(s.xdsPort, p.streamsPerChannel, p.clientThreads,
                        credentials(server))) {
            Thread.sleep(2000);
            run.baseHeap = s.heapUsedAfterGc();
            run.baseRss = s.rssBytes();
            List<String> dps = dataplaneIds(fleet.dataplanes.size());
            for (int target : p.rampSteps) {
                long stepStart = System.nanoTime();
                long deadline = stepStart + p.rampStepTimeoutS * 1_000_000_000L;
                while (clients.size() < target && System.nanoTime() < deadline && s.alive()) {
                    clients.open(Math.min(p.rampBatch, target - clients.size()), i -> dps.get(i % dps.size()), "ramp-");
                    awaitSynced(clients, clients.size(), deadline);
                }
                boolean ok = awaitSynced(clients, target, deadline);
                RampStep step = new RampStep();
                step.target = target;
                step.opened = clients.size();
                step.synced = clients.synced.get();
                step.failed = clients.failed.get();
                step.seconds = (System.nanoTime() - stepStart) / 1e9;
                step.alive = s.alive();
                if (step.alive) {
                    step.serverStreams = s.serverStreamCount();
                    step.heap = s.heapUsedAfterGc();
                    step.rss = s.rssBytes();
                }
                run.steps.add(step);
                say(String.format("%s ramp %d: synced %d, failed %d, %.1f s, heap %d MiB, rss %d MiB", server, target,
                        step.synced, step.failed, step.seconds, step.heap >> 20, step.rss >> 20));
                if (!ok || !step.alive || step.failed > 0) {
                    run.stopReason = !step.alive ? "server process died"
                            : step.failed > 0 ? step.failed + " streams failed"
                            : "not all streams synced within " + p.rampStepTimeoutS + " s";
                    break;
                }
            }
        }
        return run;
    }

    // ---------------------------------------------------------------- workload 4: NACK

    NackRun nack(String server) throws Exception {
        NackRun run = new NackRun(server);
        try (ServerProcess s = startServer(server, "nack")) {
            AdsClients clients = new AdsClients(s.xdsPort, 1, 1, credentials(server));
            try {
                clients.open(1, i -> fleet.dataplanes.get(0).id(), "nack-");
                if (!awaitSynced(clients, 1, System.nanoTime() + 30_000_000_000L)) {
                    throw new IOException("the NACK client did not sync");
                }
                Thread.sleep(500);
                double nacksBefore = flowplaneNacks(s);
                int marker = fleet.nextMarker();
                AdsClients.NackProbe probe = clients.armNack(marker, p.nackWindowMs);
                fleet.commitChange(marker);
                if (s instanceof ServerProcess.Jcp jcp) {
                    jcp.reload();
                }
                long deadline = System.nanoTime() + p.changeTimeoutMs * 1_000_000L;
                while (probe.rejectedVersion == null && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (probe.rejectedVersion == null) {
                    throw new IOException("the change never reached the NACK client");
                }
                Thread.sleep(p.nackWindowMs + 100);
                run.rejectedVersion = probe.rejectedVersion;
                run.nacksSent = probe.nacksSent.get();
                run.edsInWindow = probe.edsInWindow.get();
                run.rejectedInWindow = probe.rejectedInWindow.get();
                clients.close();
                Thread.sleep(200);
                run.serverNacks = flowplaneNacks(s) - nacksBefore;
                run.alive = s.alive();
            } finally {
                clients.close();
            }
        }
        return run;
    }

    private static double flowplaneNacks(ServerProcess s) {
        if (s instanceof ServerProcess.Flowplane fp) {
            try {
                return Prometheus.value(fp.prometheus(), "flowplane_xds_nacks_total", "type=\"eds\"");
            } catch (IllegalArgumentException e) {
                return 0; // no EDS NACK counted yet
            } catch (Exception e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    // ---------------------------------------------------------------- helpers

    /** The EDS observations of the sync-latency histogram between two scrapes, if Flowplane exposes it. */
    private static void histogram(LatencyRun run, String before, String after) {
        String eds = "type=\"eds\"";
        if (before == null || after == null || !Prometheus.has(after, SYNC_HISTOGRAM + "_bucket")) {
            return;
        }
        TreeMap<Double, Double> b = Prometheus.buckets(before, SYNC_HISTOGRAM, eds);
        TreeMap<Double, Double> a = Prometheus.buckets(after, SYNC_HISTOGRAM, eds);
        double count = Prometheus.valueOr(after, SYNC_HISTOGRAM + "_count", eds)
                - Prometheus.valueOr(before, SYNC_HISTOGRAM + "_count", eds);
        double sum = Prometheus.valueOr(after, SYNC_HISTOGRAM + "_sum", eds)
                - Prometheus.valueOr(before, SYNC_HISTOGRAM + "_sum", eds);
        run.histCount = count;
        run.histP50Ms = Prometheus.quantile(b, a, 0.5) * 1000;
        run.histP99Ms = Prometheus.quantile(b, a, 0.99) * 1000;
        run.histogram = String.format("`%s{type=\"eds\"}`: %.0f observations, mean %s ms; p50 ≈ %s ms, p99 ≈ %s ms "
                        + "(interpolated within buckets %s s)",
                SYNC_HISTOGRAM, count, Stats.f(count == 0 ? Double.NaN : sum / count * 1000),
                Stats.f(Prometheus.quantile(b, a, 0.5) * 1000), Stats.f(Prometheus.quantile(b, a, 0.99) * 1000),
                a.keySet().stream().filter(Double::isFinite).map(String::valueOf).toList());
    }

    private static void sleepRest(long startNanos, long millis) throws InterruptedException {
        sleepUntil(startNanos + millis * 1_000_000L);
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long rest = nanos - System.nanoTime();
        if (rest > 0) {
            Thread.sleep(rest / 1_000_000L, (int) (rest % 1_000_000L));
        }
    }

    static void say(String message) {
        System.out.println("[xds-bench] " + message);
    }

    // ---------------------------------------------------------------- result records

    static final class ChangeResult {
        final int marker;
        final int expected;
        final List<Double> latencyMs = new ArrayList<>();

        ChangeResult(int marker, int expected) {
            this.marker = marker;
            this.expected = expected;
        }
    }

    static final class LatencyRun {
        final String server;
        final String workload;
        final Stats all = new Stats();
        final List<ChangeResult> changes = new ArrayList<>();
        int missing;
        double serverCpuSeconds;
        double syncSeconds;
        int clientFailures;
        String histogram;
        double histCount;
        double histP50Ms = Double.NaN;
        double histP99Ms = Double.NaN;

        LatencyRun(String server, String workload) {
            this.server = server;
            this.workload = workload;
        }

        void record(ChangeResult r) {
            changes.add(r);
            all.addAll(r.latencyMs);
            missing += Math.max(0, r.expected - r.latencyMs.size());
        }
    }

    static final class RampStep {
        int target;
        int opened;
        int synced;
        int failed;
        int serverStreams = -1;
        double seconds;
        boolean alive;
        long heap;
        long rss;
    }

    static final class RampRun {
        final String server;
        long baseHeap;
        long baseRss;
        final List<RampStep> steps = new ArrayList<>();
        String stopReason;

        RampRun(String server) {
            this.server = server;
        }
    }

    static final class NackRun {
        final String server;
        String rejectedVersion;
        int nacksSent;
        int edsInWindow;
        int rejectedInWindow;
        double serverNacks = Double.NaN;
        boolean alive;

        NackRun(String server) {
            this.server = server;
        }
    }
}
