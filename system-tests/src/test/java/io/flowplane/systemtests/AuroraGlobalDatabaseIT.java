package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;
import static io.flowplane.systemtests.FailoverStack.OLD_PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Aurora Global Database switchover and failover through the REST API, on real processes: PostgreSQL,
 * Temporal, the worker, api-service, two xds-services, two Envoys with traffic. RDS is the kit's TEST
 * DOUBLE ({@code RdsGlobalClusterDouble}), because nothing real implements SwitchoverGlobalCluster or
 * FailoverGlobalCluster here; the worker reaches it through the real AWS SDK, and it moves the writer
 * between the stack's real PostgreSQL servers.
 */
class AuroraGlobalDatabaseIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aSwitchoverSurvivesItsWorkerMovesTheWriterOnceAndEveryControlPlaneWithItWhileEnvoysServe() throws Exception {
        try (FailoverStack stack = FailoverStack.startAsAuroraGlobalDatabase()) {
            stack.switchBackendTo(stack.green);
            try (Traffic usEast = stack.trafficThrough(FailoverStack.US_EAST_ENVOY, "green");
                    Traffic euWest = stack.trafficThrough(FailoverStack.EU_WEST_ENVOY, "green")) {
                usEast.awaitSucceeded(20);
                euWest.awaitSucceeded(20);
                // RDS holds the switchover before its promotion, so the worker surely dies inside the wait for it.
                stack.rds.holdPromotion();
                String id = stack.startOperation("""
                        {"kind": "aurora-switchover", "target": "%s", "options": {"promote": "%s", "drain_seconds": 1}}"""
                        .formatted(CLUSTER, NEW_PRIMARY)).get("id").asText();

                // The worker dies while RDS moves the writer; its replacement waits on and asks RDS nothing again.
                stack.awaitOperation(id, "the wait for the new writer", OPERATION_TIMEOUT,
                        op -> FailoverStack.stepIn(op, "await-new-writer", "RUNNING"));
                Http.Reply approve = stack.api().post("/api/v1/failovers/" + id + "/approve", "{\"approver\": \"on-call\"}");
                assertThat(approve.status()).as(approve.body()).isEqualTo(409);
                assertThat(approve.json().path("message").asText()).endsWith("only aurora-failover and postgres-failover take an approval");
                stack.killWorker();
                assertThat(stack.rds.writer()).as("not yet moved when the worker died").isEqualTo(OLD_PRIMARY);
                stack.rds.releasePromotion();
                stack.startWorker();
                JsonNode done = stack.awaitOperation(id, "the switchover", OPERATION_TIMEOUT, FailoverStack::completed);
                WorkflowHistory history = stack.history(id);
                assertThat(history.attempts("AuroraAwaitWriter")).as("the wait went on on the new worker").isGreaterThanOrEqualTo(2);
                assertThat(history.scheduled("AuroraSwitchover")).isEqualTo(1);

                assertThat(usEast.failed()).as(usEast.toString()).isZero();
                assertThat(euWest.failed()).as(euWest.toString()).isZero();
                JsonNode result = done.get("result");
                assertThat(result.get("outcome").asText()).isEqualTo("COMPLETED");
                assertThat(result.get("old_writer").asText()).isEqualTo(OLD_PRIMARY);
                assertThat(result.get("new_writer").asText()).isEqualTo(NEW_PRIMARY);
                assertThat(result.at("/after/revision").asLong()).isGreaterThanOrEqualTo(result.at("/before/revision").asLong());
            }
            assertThat(stack.rds.server().calls("SwitchoverGlobalCluster")).as("RDS asked once").isEqualTo(1);
            assertThat(stack.rds.writer()).isEqualTo(NEW_PRIMARY);
            assertThat(stack.newPrimary().isInRecovery()).isFalse();
            Wait.until("the old writer to follow the new one", Duration.ofSeconds(60), () -> stack.oldPrimary().isInRecovery());
            // Writes go through the new writer; each region reads from its own reader (the clusters file's reads:).
            String newWriter = ":" + stack.newPrimary().port() + "/";
            String oldWriter = ":" + stack.oldPrimary().port() + "/";
            List<JsonNode> statuses = stack.controlPlaneStatuses();
            assertThat(statuses.get(0).get("database").asText()).as("api-service writes").contains(newWriter);
            assertThat(statuses.get(0).get("read_database").asText()).as("api-service in us-east-1 reads").contains(oldWriter);
            assertThat(statuses.get(1).get("database").asText()).as("xds-service A reads us-east-1's reader").contains(oldWriter);
            assertThat(statuses.get(2).get("database").asText()).as("xds-service B reads us-east-2's").contains(newWriter);
            // What was written before is read back through the API from the new writer, and writes go on.
            JsonNode backend = stack.api().get("/api/v1/clusters/" + stack.clusterId).json();
            assertThat(backend.at("/endpoints/0/port").asInt()).isEqualTo(stack.green.port());
            stack.switchBackendTo(stack.blue);
        }
    }

    @Test
    void aFailoverWaitsForANamedApprovalAndAPreflightRefusalChangesNothing() throws Exception {
        try (FailoverStack stack = FailoverStack.startAsAuroraGlobalDatabase()) {
            stack.rds.setEngineVersion(NEW_PRIMARY, "15.4");
            String refused = stack.startOperation("""
                    {"kind": "aurora-switchover", "target": "%s", "options": {"promote": "%s"}}"""
                    .formatted(CLUSTER, NEW_PRIMARY)).get("id").asText();
            JsonNode failed = stack.awaitEnd(refused, "the refused switchover", OPERATION_TIMEOUT);
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("failure").asText()).contains("engine versions differ");
            assertThat(stack.rds.server().calls("SwitchoverGlobalCluster")).isZero();
            stack.rds.setEngineVersion(NEW_PRIMARY, stack.rds.engineVersion(OLD_PRIMARY));

            String id = stack.startOperation("""
                    {"kind": "aurora-failover", "target": "%s", "options": {"promote": "%s", "drain_seconds": 1}}"""
                    .formatted(CLUSTER, NEW_PRIMARY)).get("id").asText();
            stack.awaitOperation(id, "the approval wait", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "await-data-loss-approval", "WAITING_FOR_APPROVAL"));
            for (int look = 0; look < 20; look++) {
                assertThat(stack.rds.server().calls("FailoverGlobalCluster")).as("nothing destructive before approval").isZero();
                assertThat(stack.newPrimary().isInRecovery()).isTrue();
                Wait.sleep(Duration.ofMillis(100));
            }
            Http.Reply approved = stack.api().post("/api/v1/failovers/" + id + "/approve", "{\"approver\": \"on-call\"}");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            assertThat(approved.json().path("answer").asText())
                    .startsWith("approved by " + FailoverStack.ADMIN_ACTOR + ": on-call");
            Http.Reply again = stack.api().post("/api/v1/failovers/" + id + "/approve", "{\"approver\": \"someone-else\"}");
            assertThat(again.status()).as("a second approval, or one after the run ended").isEqualTo(409);
            JsonNode done = stack.awaitOperation(id, "the failover", OPERATION_TIMEOUT, FailoverStack::completed);

            assertThat(done.at("/result/approved_by").asText()).isEqualTo(approved.json().path("approver").asText());
            assertThat(stack.rds.server().calls("FailoverGlobalCluster")).isEqualTo(1);
            assertThat(stack.rds.events()).startsWith("promoted " + NEW_PRIMARY);
            // After a failover every control plane reads through the new writer: the old region is not a reader now.
            assertThat(stack.controlPlaneStatuses()).allSatisfy(status -> {
                assertThat(status.get("database").asText()).contains(":" + stack.newPrimary().port() + "/");
                assertThat(status.get("read_database").asText()).contains(":" + stack.newPrimary().port() + "/");
            });
            stack.switchBackendTo(stack.green);
        }
    }
}
