package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;
import static io.flowplane.systemtests.FailoverStack.OLD_PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.SecretScan;
import io.flowplane.testkit.Toxiproxy;
import io.flowplane.testkit.Wait;
import io.flowplane.testkit.aws.AwsQueryServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failover workflows end to end on real parts: a PostgreSQL primary and streaming replica,
 * two control planes (three processes), two Envoys with live traffic, the Temporal dev server and
 * a worker process. Every change after a failover is made through the API and must reach both
 * Envoys, which proves the control planes write to and read from the new primary. The day of a
 * planned failover (rolling restart, rotation, dry run, failover under traffic) and the unplanned
 * failover (a lost primary, a named approval, a control plane left behind) run on the guide's four
 * members in {@link GuideTopologyFailoverIT}.
 */
class FailoverIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void theOldPrimaryRebuiltAsAReplicaTakesTheClusterBackInAPlannedFailback() throws Exception {
        try (FailoverStack stack = FailoverStack.start()) {
            plannedFailover(stack, NEW_PRIMARY);
            assertThat(stack.newPrimary().isInRecovery()).isFalse();

            stack.oldPrimary().rejoinAsReplicaOf(stack.newPrimary());
            assertThat(stack.oldPrimary().isInRecovery()).as("the old primary follows the new one").isTrue();

            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(10);
            JsonNode back = plannedFailover(stack, OLD_PRIMARY);
            Wait.until("writes acknowledged again after the failback", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
            writer.close();

            assertThat(back.at("/result/after/counts")).isEqualTo(back.at("/result/before/counts"));
            assertThat(stack.oldPrimary().timeline()).as("promoted again: a third timeline").isEqualTo(3);
            assertThat(writer.acknowledged()).as("writes acknowledged during the failback").isNotEmpty();
            assertThat(stack.api().get("/api/v1/clusters?team=platform").json().findValuesAsText("name"))
                    .as("every acknowledged write survives the failback").containsAll(writer.acknowledged());
            assertThat(stack.controlPlaneStatuses()).allSatisfy(status ->
                    assertThat(status.get("database").asText()).contains(":" + stack.oldPrimary().port() + "/"));
            stack.switchBackendTo(stack.green);
        }
    }

    private static JsonNode plannedFailover(FailoverStack stack, String promote) throws Exception {
        String id = stack.startOperation("""
                {"kind": "postgres-failover", "target": "%s", "options": {"promote": "%s", "mode": "planned", "drain_seconds": 1}}"""
                .formatted(CLUSTER, promote)).get("id").asText();
        JsonNode done = stack.awaitOperation(id, "planned failover to " + promote, OPERATION_TIMEOUT, FailoverStack::completed);
        assertThat(done.at("/result/outcome").asText()).as(done.toString()).isEqualTo("COMPLETED");
        return done;
    }

    /**
     * Two faults in one run, while it waits for the replica (a long activity, heartbeating): the Temporal dev server
     * killed and restarted on its file, then the worker killed. The run completes once and promotes once; its
     * history, and every Flowplane log of the stack, hold neither the admin token nor the AWS secret key.
     */
    @Test
    void aTemporalRestartAndAWorkerKilledWhileTheRunWaitsForTheReplicaLeaveOneRunAndOnePromotion() throws Exception {
        try (FailoverStack stack = FailoverStack.startWithPrivateTemporal()) {
            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(10);
            // Replication slowed down (Toxiproxy): the fenced primary's last WAL takes 5 s to reach the replica,
            // so the run is still inside await-replica-replay, before the promotion, when its worker dies.
            Toxiproxy.Link replication = stack.postgres.replicationLink(NEW_PRIMARY);
            replication.latency(Duration.ofSeconds(5), Duration.ZERO);
            String failover = stack.startOperation("""
                    {"kind": "postgres-failover", "target": "%s", "options": {"promote": "%s", "drain_seconds": 1}}"""
                    .formatted(CLUSTER, NEW_PRIMARY)).get("id").asText();
            stack.awaitOperation(failover, "the wait for the replica", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "await-replica-replay", "RUNNING"));
            stack.restartTemporal();
            stack.awaitOperation(failover, "the run, back after Temporal's restart, still waiting for the replica",
                    OPERATION_TIMEOUT, op -> FailoverStack.stepIn(op, "await-replica-replay", "RUNNING"));
            stack.killWorker();
            assertThat(stack.newPrimary().isInRecovery()).as("nothing promoted before the worker died").isTrue();
            assertThat(stack.api().get("/api/v1/failovers/" + failover).json().get("status").asText()).isEqualTo("RUNNING");

            replication.clearLatency();
            stack.startWorker();
            JsonNode done = stack.awaitOperation(failover, "the failover to finish on a new worker", OPERATION_TIMEOUT,
                    FailoverStack::completed);
            Wait.until("writes acknowledged again after the failover", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
            writer.close();

            assertThat(done.at("/result/outcome").asText()).isEqualTo("COMPLETED");
            assertThat(done.at("/result/promoted_by_this_run").asBoolean()).isTrue();
            assertThat(stack.newPrimary().timeline()).as("one promotion, one new timeline").isEqualTo(2);
            WorkflowHistory history = stack.history(failover);
            assertThat(history.attempts("PostgresAwaitReplay")).as("the wait was retried on the new worker").isGreaterThanOrEqualTo(2);
            assertThat(history.scheduled("PostgresFence")).as("the old primary fenced once").isEqualTo(1);
            assertThat(history.scheduled("PostgresPromote")).as("one promotion scheduled").isEqualTo(1);
            assertThat(history.attempts("PostgresPromote")).as("and run once").isEqualTo(1);
            assertThat(stack.api().get("/api/v1/clusters?team=platform").json().findValuesAsText("name"))
                    .as("every acknowledged write survives").containsAll(writer.acknowledged());
            stack.switchBackendTo(stack.green);

            SecretScan scan = new SecretScan().secret("FLOWPLANE_ADMIN_TOKEN", ControlPlane.ADMIN_TOKEN)
                    .secret("the AWS secret access key", AwsQueryServer.SECRET_ACCESS_KEY)
                    .text("the failover's workflow history", history.json());
            stack.logs().forEach(scan::file);
            scan.assertNoSecretAppears();
        }
    }
}
