package io.flowplane.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak, a harness and not a test (its name keeps it out of {@code scripts/test}): run it with
 * {@code scripts/bench/soak/run}. A {@link FaultStack} with N real Envoys and traffic through each; configuration
 * churn through the API at a steady rate for M minutes, then a spike at ten times the rate, then the steady rate
 * again. Every sample interval it records, for api-service and xds-service, heap after a full GC, RSS, threads,
 * open file descriptors and database connections, and xds-service's open streams, pushes and NACKs. It writes
 * {@code docs/reliability-soak.md} (figures and every sample) and {@code docs/reliability-soak.svg} (the curves);
 * it asserts nothing.
 */
class SoakBenchmark {
    private static final Duration TRAFFIC_PAUSE = Duration.ofMillis(100);

    @Test
    void soak() throws Exception {
        SoakSettings settings = SoakSettings.fromSystemProperties();
        Path docs = Path.of(System.getProperty("bench.out", "../docs"));
        try (FaultStack stack = FaultStack.start(settings.envoys())) {
            SoakProbe probe = new SoakProbe(stack);
            List<Traffic> traffic = stack.trafficThroughEveryEnvoy(TRAFFIC_PAUSE, settings.total().plusMinutes(5));
            traffic.forEach(t -> t.awaitSucceeded(5));
            List<SoakSample> samples = new ArrayList<>();
            Instant start = Instant.now();
            try (Churn churn = Churn.start(stack, settings.writesPerSecond())) {
                samples.add(probe.sample(start, "steady", churn));
                sampleUntil(probe, churn, samples, start, settings.steady(), settings.sampleEvery(), "steady");
                churn.setRate(settings.writesPerSecond() * settings.spikeFactor());
                sampleUntil(probe, churn, samples, start, settings.steady().plus(settings.spike()),
                        Duration.ofSeconds(Math.min(settings.sampleEvery().toSeconds(), 15)), "spike");
                churn.setRate(settings.writesPerSecond());
                sampleUntil(probe, churn, samples, start, settings.total(), settings.sampleEvery(), "after");
                traffic.forEach(Traffic::close);
                SoakReport report = new SoakReport(settings, samples, traffic, churn, probe.errorLines());
                Files.writeString(docs.resolve("reliability-soak.md"), report.markdown());
                Files.writeString(docs.resolve("reliability-soak.svg"), report.svg());
                MarkedSection.named("soak-figures").replaceIn(docs.resolve("reliability.md"), report.summary("###"));
                System.out.println(report.markdown());
            }
        }
    }

    private static void sampleUntil(SoakProbe probe, Churn churn, List<SoakSample> samples, Instant start, Duration until,
            Duration every, String phase) {
        while (Duration.between(start, Instant.now()).compareTo(until) < 0) {
            Duration left = until.minus(Duration.between(start, Instant.now()));
            Wait.sleep(left.compareTo(every) < 0 ? left : every);
            samples.add(probe.sample(start, phase, churn));
            SoakSample last = samples.get(samples.size() - 1);
            System.out.printf("soak %s t=%ds writes=%d pushes=%.0f failed-writes=%d%n", phase, last.atSeconds(), last.writes(),
                    last.pushes(), last.failedWrites());
        }
    }

    /** Configuration changes through the API at a settable rate: endpoint swaps, and every fourth a route move. */
    static final class Churn implements AutoCloseable {
        private final Http api;
        private final String backendId;
        private final String routesId;
        private final int bluePort;
        private final int greenPort;
        private final Thread thread;
        private volatile double rate;
        private volatile boolean running = true;
        private long writes;
        private long failed;
        private long latencyNanos;
        private long backendVersion;
        private long routesVersion;
        private final List<String> firstFailures = new ArrayList<>();

        private Churn(FaultStack stack, double rate) {
            this.api = stack.api();
            this.bluePort = stack.blue.port();
            this.greenPort = stack.green.port();
            this.rate = rate;
            JsonNode backend = api.get("/api/v1/clusters?team=platform").json().get(0);
            this.backendId = backend.path("id").asText();
            this.backendVersion = backend.path("version").asLong();
            FaultStack.expect(201, api.post("/api/v1/clusters", """
                    {"team": "platform", "name": "backend-b", "endpoints": [{"host": "127.0.0.1", "port": %d},
                     {"host": "127.0.0.1", "port": %d}]}""".formatted(bluePort, greenPort)));
            JsonNode routes = api.get("/api/v1/route-configs?team=platform").json().get(0);
            this.routesId = routes.path("id").asText();
            this.routesVersion = routes.path("version").asLong();
            this.thread = new Thread(this::run, "soak-churn");
            thread.setDaemon(true);
            thread.start();
        }

        static Churn start(FaultStack stack, double writesPerSecond) {
            return new Churn(stack, writesPerSecond);
        }

        void setRate(double writesPerSecond) {
            rate = writesPerSecond;
        }

        private void run() {
            long next = System.nanoTime();
            for (long k = 0; running; k++) {
                long start = System.nanoTime();
                Http.Reply reply;
                try {
                    reply = k % 4 == 3 ? moveRoutes(k) : swapEndpoints(k);
                } catch (RuntimeException e) {
                    reply = new Http.Reply(0, e.toString());
                }
                record(reply, System.nanoTime() - start);
                next += (long) (1_000_000_000L / rate);
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Wait.sleep(Duration.ofNanos(sleep));
                } else {
                    next = System.nanoTime();
                }
            }
        }

        private Http.Reply swapEndpoints(long k) {
            String endpoints = k % 2 == 0
                    ? "[{\"host\": \"127.0.0.1\", \"port\": %d}]".formatted(bluePort)
                    : "[{\"host\": \"127.0.0.1\", \"port\": %d}, {\"host\": \"127.0.0.1\", \"port\": %d}]".formatted(bluePort, greenPort);
            Http.Reply reply = api.put("/api/v1/clusters/" + backendId, """
                    {"team": "platform", "name": "backend", "endpoints": %s, "version": %d}""".formatted(endpoints, backendVersion));
            if (reply.status() == 200) {
                backendVersion = reply.json().path("version").asLong();
            }
            return reply;
        }

        private Http.Reply moveRoutes(long k) {
            String cluster = (k / 4) % 2 == 0 ? "backend-b" : "backend";
            Http.Reply reply = api.put("/api/v1/route-configs/" + routesId, """
                    {"team": "platform", "name": "edge-routes", "virtual_hosts": [
                      {"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "%s"}]}], "version": %d}"""
                    .formatted(cluster, routesVersion));
            if (reply.status() == 200) {
                routesVersion = reply.json().path("version").asLong();
            }
            return reply;
        }

        private synchronized void record(Http.Reply reply, long nanos) {
            writes++;
            latencyNanos += nanos;
            if (reply.status() != 200) {
                failed++;
                if (firstFailures.size() < 10) {
                    firstFailures.add(reply.status() + " " + reply.body());
                }
            }
        }

        synchronized long writes() {
            return writes;
        }

        synchronized long failed() {
            return failed;
        }

        synchronized long latencyNanos() {
            return latencyNanos;
        }

        synchronized List<String> firstFailures() {
            return List.copyOf(firstFailures);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
