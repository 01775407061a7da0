package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.testkit.Http;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.TestStack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two api-service processes on one database and one Temporal, each asked at the same moment for a different
 * operation on the same cluster. No worker serves their task queue, so a started operation stays running, which
 * is what the rule needs: exactly one starts, the other is refused with 409 naming it.
 */
@Tag("fault")
class ConflictingOperationsIT {
    private static final int ROUNDS = 3;

    @Test
    void ofTwoOperationsOnOneClusterAskedAtOnceThroughTwoApisExactlyOneRunsAndTheOtherIs409NamingIt() throws Exception {
        String databaseUrl = TestDatabase.create().primaryUrl();
        List<String> started = new ArrayList<>();
        // One deployment: one database, one Temporal task queue.
        Map<String, String> shared = Map.of("FLOWPLANE_TEMPORAL_TASK_QUEUE", "race-" + UUID.randomUUID().toString().substring(0, 8));
        try (ControlPlane east = new ControlPlane(databaseUrl, shared).startApiOnly();
                ControlPlane west = new ControlPlane(databaseUrl, shared).startApiOnly()) {
            for (int round = 0; round < ROUNDS; round++) {
                String cluster = "race-" + UUID.randomUUID().toString().substring(0, 8);
                String operation = "database-operation-" + cluster;
                CyclicBarrier atOnce = new CyclicBarrier(2);
                CompletableFuture<Http.Reply> failover = ask(atOnce, east.api(), """
                        {"kind": "postgres-failover", "target": "%s", "options": {"promote": "us-east-2", "mode": "unplanned"}}"""
                        .formatted(cluster));
                CompletableFuture<Http.Reply> restart = ask(atOnce, west.api(), """
                        {"kind": "rolling-restart", "target": "%s"}""".formatted(cluster));

                List<Http.Reply> replies = List.of(failover.join(), restart.join());
                List<Http.Reply> accepted = replies.stream().filter(r -> r.status() == 202).toList();
                List<Http.Reply> refused = replies.stream().filter(r -> r.status() == 409).toList();
                assertThat(accepted).as("round %d: %s", round, replies).hasSize(1);
                assertThat(refused).as("round %d: %s", round, replies).hasSize(1);
                started.add(operation);
                assertThat(accepted.get(0).json().path("id").asText()).isEqualTo(operation);
                assertThat(refused.get(0).json().path("message").asText()).contains(operation).contains("already running");
                String runningKind = accepted.get(0).json().path("kind").asText();
                Http.Reply shown = east.api().get("/api/v1/failovers/" + operation);
                assertThat(shown.status()).as(shown.body()).isEqualTo(200);
                assertThat(shown.json().path("kind").asText()).as("the one that runs is the one that was accepted")
                        .isEqualTo(runningKind);
            }
        } finally {
            terminate(started);
        }
    }

    private static CompletableFuture<Http.Reply> ask(CyclicBarrier atOnce, Http api, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                atOnce.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return api.post("/api/v1/failovers", body);
        });
    }

    private static void terminate(List<String> operations) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(TestStack.temporalAddress()).build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().build());
            for (String operation : operations) {
                client.newUntypedWorkflowStub(operation).terminate("ConflictingOperationsIT finished");
            }
        } finally {
            service.shutdown();
        }
    }
}
