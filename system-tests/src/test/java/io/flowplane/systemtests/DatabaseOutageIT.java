package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.SecretScan;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The configuration database lost under a running control plane, two ways: the server stopped (connections
 * refused), and the link to it hung by Toxiproxy (connections open, nothing answers). Real PostgreSQL,
 * api-service, xds-service and an Envoy with traffic; nothing is restarted.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {
    /**
     * The longest the API may take to answer while the database is lost: a statement waits at most the pool's
     * socket timeout (Databases.SOCKET_TIMEOUT, 10 s), a new connection at most the pool's 5 s; 5 s of margin for a busy machine.
     */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(15);
    private static final Duration SLOW_CLIENT = Duration.ofSeconds(60);

    private static FaultStack stack;
    /** Every body the drills read, for the secret search that ends the class. */
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        stack = FaultStack.start(1);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void withThePrimaryStoppedEnvoyKeepsServingXdsSaysItServesTheLastSnapshotAndTheApiAnswers503UntilItIsBack() {
        Before before = Before.now();
        List<Traffic> traffic = stack.trafficThroughEveryEnvoy();

        stack.database().stop();

        assertXdsServesTheLastSnapshotAndSaysSo(before.revision());
        assertAnswered503WithinTheBound(List.of(
                api -> api.get("/api/v1/clusters?team=platform"),
                api -> api.post("/api/v1/clusters", """
                        {"team": "platform", "name": "written-while-down", "endpoints": [{"host": "127.0.0.1", "port": 1}]}""")));
        String apiHealth = stack.apiAdmin().get("/healthcheck").body();
        seen.add(apiHealth);
        assertThat(apiHealth).contains("\"database\"").contains("\"healthy\":false");
        traffic.forEach(t -> t.awaitSucceeded(t.succeeded() + 20));

        stack.database().start();

        assertRecoveredWithoutARestart(before);
        assertThat(stack.api().get("/api/v1/clusters?team=platform").body())
                .as("the write refused with 503 is not there").doesNotContain("written-while-down");
        stack.switchBackendTo(otherThanServing());
        assertNoRequestFailed(traffic);
    }

    @Test
    @Order(2)
    void withTheLinkHungRequestsAnswer503WithinTheBoundXdsSaysSoAndBothRecoverWhenItIsReleased() {
        Before before = Before.now();
        List<Traffic> traffic = stack.trafficThroughEveryEnvoy();

        stack.databaseLink().hang();
        try {
            // Several at once: some find a pooled connection that hangs, others wait for a new one.
            assertAnswered503WithinTheBound(List.of(
                    api -> api.get("/api/v1/clusters?team=platform"),
                    api -> api.get("/api/v1/listeners?team=platform"),
                    api -> api.get("/api/v1/teams/platform/dataplanes"),
                    api -> api.post("/api/v1/teams", "{\"name\": \"hung\"}")));
            assertXdsServesTheLastSnapshotAndSaysSo(before.revision());
            traffic.forEach(t -> t.awaitSucceeded(t.succeeded() + 20));
        } finally {
            stack.databaseLink().release();
        }

        assertRecoveredWithoutARestart(before);
        stack.switchBackendTo(otherThanServing());
        assertNoRequestFailed(traffic);
    }

    /** Last: the database password, the tokens and the dataplane credential, searched for in all the above saw. */
    @Test
    @Order(3)
    void noSecretAppearsInAnyLogErrorBodyHealthAnswerOrMetric() {
        seen.add(stack.xdsAdmin().get("/prometheus").body());
        seen.add(stack.apiAdmin().get("/prometheus").body());
        seen.add(stack.apiAdmin().get("/healthcheck").body());
        seen.add(stack.xdsStatus().get("/api/v1/xds/status").body());
        SecretScan scan = stack.secretScan();
        for (int i = 0; i < seen.size(); i++) {
            scan.text("body " + i, seen.get(i));
        }
        assertThat(seen).as("the drills ran first").hasSizeGreaterThan(10);
        assertThat(scan.searchedCharacters()).isPositive();
        scan.assertNoSecretAppears();
        System.out.println("DatabaseOutageIT: no secret in " + scan.searchedCharacters() + " characters of logs and bodies");
    }

    private static long servedRevision() {
        JsonNode status = stack.xdsStatus().get("/api/v1/xds/status").json();
        assertThat(status.path("healthy").asBoolean()).as(status.toString()).isTrue();
        return status.path("config_revision").asLong();
    }

    private static void assertXdsServesTheLastSnapshotAndSaysSo(long revision) {
        JsonNode status = Wait.until("xds-service to report the database lost", FaultStack.WAIT, () -> {
            Http.Reply reply = stack.xdsStatus().get("/api/v1/xds/status");
            seen.add(reply.body());
            JsonNode s = reply.json();
            return s.path("healthy").asBoolean(true) ? null : s;
        });
        assertThat(status.path("config_revision").asLong()).isEqualTo(revision);
        assertThat(status.path("last_load_error").asText()).isNotBlank();
        assertThat(status.path("connected_streams").asInt()).as("Envoys keep their streams").isEqualTo(stack.envoys().size());
        String metrics = stack.xdsAdmin().get("/prometheus").body();
        seen.add(metrics);
        assertThat(metrics).contains("flowplane_xds_config_source_healthy 0.0")
                .contains("flowplane_xds_config_revision " + (double) revision);
        Http.Reply health = stack.xdsAdmin().get("/healthcheck");
        seen.add(health.body());
        Http.Reply apiHealth = stack.apiAdmin().get("/healthcheck");
        seen.add(apiHealth.body());
        assertThat(health.status()).isEqualTo(500);
        assertThat(health.body()).contains("still serving revision " + revision);
    }

    private static void assertAnswered503WithinTheBound(List<Function<Http, Http.Reply>> requests) {
        Http api = stack.api().withTimeout(SLOW_CLIENT);
        List<CompletableFuture<Map.Entry<Http.Reply, Duration>>> answers = requests.stream()
                .map(request -> CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    Http.Reply reply = request.apply(api);
                    return Map.entry(reply, Duration.ofNanos(System.nanoTime() - start));
                })).toList();
        for (CompletableFuture<Map.Entry<Http.Reply, Duration>> answer : answers) {
            Http.Reply reply = answer.join().getKey();
            seen.add(reply.body());
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.json().path("error").asText()).isEqualTo("database_unavailable");
            assertThat(reply.json().path("message").asText()).contains("database cannot be reached");
            assertThat(answer.join().getValue()).as("answered within the bound").isLessThan(ANSWER_BOUND);
        }
        // docs/reliability.md quotes these
        System.out.println("DatabaseOutageIT: 503 answered in " + answers.stream()
                .map(a -> a.join().getValue().toMillis() + " ms").toList());
    }

    /** What the drill compares with once the database is back: the served revision and the processes' ids. */
    private record Before(long revision, long xdsPid, long apiPid) {
        static Before now() {
            return new Before(servedRevision(), stack.controlPlane.process("xds-service").pid(),
                    stack.controlPlane.process("api-service").pid());
        }
    }

    private static void assertRecoveredWithoutARestart(Before before) {
        Wait.until("the API to read again", FaultStack.WAIT, () -> stack.api().get("/api/v1/clusters?team=platform").status() == 200);
        Wait.until("xds-service to read again", FaultStack.WAIT,
                () -> stack.xdsStatus().get("/api/v1/xds/status").json().path("healthy").asBoolean());
        assertThat(stack.xdsAdmin().get("/healthcheck").status()).isEqualTo(200);
        assertThat(stack.controlPlane.process("xds-service").pid()).isEqualTo(before.xdsPid());
        assertThat(stack.controlPlane.process("api-service").pid()).isEqualTo(before.apiPid());
        assertThat(servedRevision()).isGreaterThanOrEqualTo(before.revision());
    }

    private static Upstream otherThanServing() {
        return stack.throughEnvoy(0).get("/").body().startsWith("hello from blue") ? stack.green : stack.blue;
    }

    private static void assertNoRequestFailed(List<Traffic> traffic) {
        traffic.forEach(Traffic::close);
        for (Traffic t : traffic) {
            assertThat(t.failed()).as(t + ": " + t.firstFailures()).isZero();
            assertThat(t.succeeded()).isPositive();
        }
    }
}
