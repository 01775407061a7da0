package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Toxiproxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A planned failover that stops before its promotion, by abort or by the replica, promotes nothing
 * and gives the old primary its writes back; an abort after the promotion has begun is ignored, as
 * docs/failover.md says. One stack, four runs in order: each run leaves the cluster as it found it,
 * except the last, which completes.
 *
 * Replication goes through Toxiproxy; with 5 s of latency on it, a commit made just before the run
 * keeps it inside await-replica-replay long enough to act there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverAbortIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);
    private static FailoverStack stack;
    private static Toxiproxy.Link replication;

    @BeforeAll
    static void start() throws Exception {
        stack = FailoverStack.start();
        replication = stack.postgres.replicationLink(NEW_PRIMARY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void anAbortBeforeThePromotionEndsTheRunAbortedAndTheOldPrimaryTakesWritesAgain() throws Exception {
        JsonNode done = plannedRunStoppedInsideTheReplayWait("", id -> {
            Http.Reply approve = stack.api().post("/api/v1/failovers/" + id + "/approve", "{\"approver\": \"on-call\"}");
            assertThat(approve.status()).as(approve.body()).isEqualTo(409);
            assertThat(approve.json().path("message").asText()).endsWith("refused an approval: this run loses no data and awaits no approval");
            Http.Reply abort = stack.api().post("/api/v1/failovers/" + id + "/abort", "{\"reason\": \"drill over\"}");
            assertThat(abort.status()).as(abort.body()).isEqualTo(200);
            assertThat(abort.json().path("answer").asText())
                    .startsWith("aborting: drill over (by " + FailoverStack.ADMIN_ACTOR + ")");
        });
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        // Refused while the old primary was fenced, the entry lands once the abort has given it back its writes.
        JsonNode audit = stack.awaitAudit(done.get("id").asText(), "abort");
        assertThat(audit.findValuesAsText("token_name")).containsOnly("FLOWPLANE_ADMIN_TOKEN");
        assertThat(done.at("/result/outcome").asText()).isEqualTo("ABORTED");
        assertThat(done.at("/result/detail").asText()).isEqualTo("aborted: drill over (by " + FailoverStack.ADMIN_ACTOR + ")");
        assertThat(FailoverStack.stepIn(done, "promote", "SKIPPED")).as(done.toString()).isTrue();
        assertThat(FailoverStack.stepIn(done, "unfence-old-primary", "DONE")).as(done.toString()).isTrue();
        assertNothingPromotedAndTheOldPrimaryTakesWrites("after the abort");
    }

    @Test
    @Order(2)
    void replayPausedOnTheReplicaFailsTheRunAsReplayPausedAndPromotesNothing() throws Exception {
        JsonNode failed;
        try {
            failed = plannedRunStoppedInsideTheReplayWait("", id -> stack.newPrimary().execute("SELECT pg_wal_replay_pause()"));
        } finally {
            stack.newPrimary().execute("SELECT pg_wal_replay_resume()");
        }
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asText()).contains("WAL replay is paused on " + NEW_PRIMARY);
        assertThat(FailoverStack.stepIn(failed, "await-replica-replay", "FAILED")).as(failed.toString()).isTrue();
        assertThat(FailoverStack.stepIn(failed, "unfence-old-primary", "DONE")).as(failed.toString()).isTrue();
        assertNothingPromotedAndTheOldPrimaryTakesWrites("after ReplayPaused");
    }

    @Test
    @Order(3)
    void aReplicaThatCannotCatchUpInTimeFailsTheRunAsReplicaNotCaughtUpAndPromotesNothing() throws Exception {
        JsonNode failed = plannedRunStoppedInsideTheReplayWait(", \"replay_timeout_seconds\": 2", id -> {
            // nothing: its own replay timeout stops the run
        });
        assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asText()).contains(NEW_PRIMARY + " did not replay");
        assertThat(FailoverStack.stepIn(failed, "unfence-old-primary", "DONE")).as(failed.toString()).isTrue();
        assertNothingPromotedAndTheOldPrimaryTakesWrites("after ReplicaNotCaughtUp");
    }

    @Test
    @Order(4)
    void anAbortOnceThePromotionHasBegunIsRefusedAndTheRunCompletes() throws Exception {
        String id = startPlanned("");
        stack.awaitOperation(id, "the promotion", OPERATION_TIMEOUT, op -> FailoverStack.stepIn(op, "promote", "DONE"));
        Http.Reply abort = stack.api().post("/api/v1/failovers/" + id + "/abort", "{\"reason\": \"too late\"}");
        assertThat(abort.status()).as(abort.body()).isEqualTo(409);
        assertThat(abort.json().path("message").asText()).endsWith("refused an abort: the promotion has begun; an abort can no longer stop the run");

        JsonNode done = stack.awaitOperation(id, "the run to complete", OPERATION_TIMEOUT, FailoverStack::completed);
        assertThat(done.at("/result/outcome").asText()).isEqualTo("COMPLETED");
        assertThat(done.at("/result/detail").asText()).doesNotContain("too late");
        assertThat(stack.newPrimary().isInRecovery()).isFalse();
    }

    /** What a test does to a run while it waits for the replica; given the operation id. */
    private interface InsideTheWait {
        void act(String operationId) throws Exception;
    }

    /**
     * A planned run with 5 s of replication latency and a commit the replica will only have 5 s later,
     * so the final LSN is ahead of it: {@code inside} acts while the run is in await-replica-replay.
     * Returns the operation once it is no longer running; the latency is gone afterwards.
     */
    private static JsonNode plannedRunStoppedInsideTheReplayWait(String moreOptions, InsideTheWait inside) throws Exception {
        replication.latency(Duration.ofSeconds(5), Duration.ZERO);
        try {
            stack.oldPrimary().execute("CREATE TABLE IF NOT EXISTS replication_probe (at timestamptz); "
                    + "INSERT INTO replication_probe VALUES (clock_timestamp())");
            String id = startPlanned(moreOptions);
            stack.awaitOperation(id, "the wait for the replica", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "await-replica-replay", "RUNNING"));
            inside.act(id);
            return stack.awaitEnd(id, "the run to end", OPERATION_TIMEOUT);
        } finally {
            replication.clearLatency();
        }
    }

    private static String startPlanned(String moreOptions) {
        return stack.startOperation("""
                {"kind": "postgres-failover", "target": "%s", "options": {"promote": "%s", "mode": "planned", "drain_seconds": 1%s}}"""
                .formatted(CLUSTER, NEW_PRIMARY, moreOptions)).get("id").asText();
    }

    private static void assertNothingPromotedAndTheOldPrimaryTakesWrites(String when) {
        assertThat(stack.newPrimary().isInRecovery()).as("nothing promoted " + when).isTrue();
        stack.oldPrimary().execute("CREATE TABLE IF NOT EXISTS unfenced_probe (id int); INSERT INTO unfenced_probe VALUES (1)");
        Http.Reply created = stack.api().post("/api/v1/clusters",
                "{\"team\": \"platform\", \"name\": \"written-" + when.replaceAll("[^a-z]", "") + "\", "
                        + "\"endpoints\": [{\"host\": \"127.0.0.1\", \"port\": 9}]}");
        assertThat(created.status()).as("a write through the API " + when + ": " + created.body()).isEqualTo(201);
        stack.newPrimary().awaitStreaming();
    }
}
