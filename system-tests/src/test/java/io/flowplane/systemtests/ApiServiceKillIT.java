package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * api-service killed with SIGKILL while a client changes what an Envoy serves, three writes a step (a cluster, a
 * route configuration on it, and the Envoy's routes moved onto the cluster). Every write is whole or absent, what
 * was acknowledged is there, and the change log carried xds-service to exactly what a fresh full load reads: a
 * second xds-service started afterwards holds the same versions, so the Envoy moves to it without a push.
 */
@Tag("fault")
class ApiServiceKillIT {
    private static final int STEPS_BEFORE_THE_KILL = 8;
    private static final int STEPS_AFTER_THE_RESTART = 4;
    /** Short, so that the clusters the routes left are out of xds-service's CDS before the comparison. */
    private static final Duration CLUSTER_RETENTION = Duration.ofSeconds(2);

    /** What one write asked for and what came of it: its answer's status, or 0 when none came. */
    private record Write(String what, String name, int status) {
        boolean acknowledged() {
            return status == 200 || status == 201;
        }
    }

    @Test
    void killedMidWritesEveryWriteIsWholeOrAbsentAndXdsHoldsWhatAFullLoadReads() throws Exception {
        try (FaultStack stack = FaultStack.start(1, true,
                Map.of("FLOWPLANE_XDS_CLUSTER_RETENTION", CLUSTER_RETENTION.toMillis() + "ms"))) {
            List<Traffic> traffic = stack.trafficThroughEveryEnvoy();
            Writer writer = new Writer(stack);
            Thread writing = new Thread(writer, "api-kill-writer");
            writing.start();

            Wait.until(STEPS_BEFORE_THE_KILL + " steps written", FaultStack.WAIT, () -> writer.steps() >= STEPS_BEFORE_THE_KILL);
            stack.controlPlane.kill("api-service");
            stack.controlPlane.startApi();
            int stepsAtTheRestart = writer.steps();
            Wait.until(STEPS_AFTER_THE_RESTART + " more steps written", FaultStack.WAIT,
                    () -> writer.steps() >= stepsAtTheRestart + STEPS_AFTER_THE_RESTART);
            writer.stop();
            writing.join();

            Http api = stack.api();
            List<Write> writes = writer.writes();
            assertThat(writes).as("some writes went unanswered when the process died").anyMatch(w -> w.status() == 0);
            for (Write write : writes) {
                assertWholeOrAbsent(api, write, stack.blue.port(), stack.green.port());
            }
            String served = edgeRoutes(api).path("virtual_hosts").get(0).findValuesAsText("cluster").get(0);
            assertThat(api.get("/api/v1/clusters?team=platform").json().findValuesAsText("name"))
                    .as("the cluster the Envoy's routes name exists").contains(served);

            // Once the retention passed, any change makes xds-service send CDS without the clusters the routes left.
            Wait.sleep(CLUSTER_RETENTION);
            FaultStack.expect(201, api.post("/api/v1/clusters", """
                    {"team": "platform", "name": "unreferenced", "endpoints": [{"host": "127.0.0.1", "port": 1}]}"""));
            long revision = api.get("/api/v1/config/revision").json().path("revision").asLong();
            Wait.until("xds-service serving revision " + revision, FaultStack.WAIT,
                    () -> stack.xdsStatus().get("/api/v1/xds/status").json().path("config_revision").asLong() == revision);
            Map<String, Map<String, String>> held = Resubscription.ackedVersions(
                    Resubscription.awaitAllStreamsOn(stack, stack.controlPlane));
            Map<String, Long> updates = Resubscription.envoyUpdateCounts(stack.envoys());
            stack.standby.startXds();
            stack.controlPlane.kill("xds-service");
            Resubscription.assertMovedWithoutAPush(stack, stack.standby, held, updates);

            traffic.forEach(Traffic::close);
            for (Traffic t : traffic) {
                assertThat(t.failed()).as(t + ": " + t.firstFailures()).isZero();
            }
            stack.secretScan().text("the xDS status", FaultStack.xdsStatus(stack.standby).get("/api/v1/xds/status").body())
                    .assertNoSecretAppears();
        }
    }

    /** Acknowledged: there, exactly as sent. Not acknowledged: absent, or there exactly as sent. */
    private static void assertWholeOrAbsent(Http api, Write write, int bluePort, int greenPort) {
        if (write.what().equals("edge-routes")) {
            return;  // one route configuration, moved each step: checked as a whole after the writes
        }
        Http.Reply found = api.get("/api/v1/" + write.what() + "?team=platform");
        JsonNode match = null;
        for (JsonNode item : found.json()) {
            if (item.path("name").asText().equals(write.name())) {
                match = item;
            }
        }
        if (write.acknowledged()) {
            assertThat(match).as(write + " was acknowledged").isNotNull();
        }
        if (match == null) {
            return;
        }
        if (write.what().equals("clusters")) {
            assertThat(match.path("endpoints").findValuesAsText("port"))
                    .as(write + " whole").containsExactly(String.valueOf(bluePort), String.valueOf(greenPort));
        } else {
            assertThat(match.path("virtual_hosts").findValuesAsText("name")).as(write + " whole").containsExactly("all", "v2");
            assertThat(match.path("virtual_hosts").findValuesAsText("cluster")).as(write + " whole")
                    .containsOnly(write.name().replace("-r-", "-c-"));
        }
    }

    private static JsonNode edgeRoutes(Http api) {
        for (JsonNode item : api.get("/api/v1/route-configs?team=platform").json()) {
            if (item.path("name").asText().equals("edge-routes")) {
                return item;
            }
        }
        throw new AssertionError("no route configuration edge-routes");
    }

    /** Steps of three writes until stopped; a write without an answer (the process died) is recorded as 0. */
    private static final class Writer implements Runnable {
        private final FaultStack stack;
        private final List<Write> writes = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile int steps;

        Writer(FaultStack stack) {
            this.stack = stack;
        }

        @Override
        public void run() {
            Http api = stack.api();
            for (int step = 0; running.get(); step++) {
                String cluster = "w-c-" + step;
                String routes = "w-r-" + step;
                write("clusters", cluster, () -> api.post("/api/v1/clusters", """
                        {"team": "platform", "name": "%s", "endpoints": [{"host": "127.0.0.1", "port": %d},
                         {"host": "127.0.0.1", "port": %d}]}""".formatted(cluster, stack.blue.port(), stack.green.port())));
                write("route-configs", routes, () -> api.post("/api/v1/route-configs", """
                        {"team": "platform", "name": "%s", "virtual_hosts": [
                          {"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "%s"}]},
                          {"name": "v2", "domains": ["v2.example"], "routes": [{"prefix": "/v2", "cluster": "%s"}]}]}"""
                        .formatted(routes, cluster, cluster)));
                write("edge-routes", cluster, () -> {
                    JsonNode edge = edgeRoutes(api);
                    return api.put("/api/v1/route-configs/" + edge.path("id").asText(), """
                            {"team": "platform", "name": "edge-routes", "virtual_hosts": [
                              {"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "%s"}]}],
                             "version": %d}""".formatted(cluster, edge.path("version").asLong()));
                });
                steps = step + 1;
            }
        }

        private void write(String what, String name, Supplier<Http.Reply> request) {
            int status;
            try {
                status = request.get().status();
            } catch (RuntimeException noAnswer) {
                status = 0;
                Wait.sleep(Duration.ofMillis(200));
            }
            synchronized (writes) {
                writes.add(new Write(what, name, status));
            }
        }

        int steps() {
            return steps;
        }

        void stop() {
            running.set(false);
        }

        List<Write> writes() {
            synchronized (writes) {
                return List.copyOf(writes);
            }
        }
    }
}
