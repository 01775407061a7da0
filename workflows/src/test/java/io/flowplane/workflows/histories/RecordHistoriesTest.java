package io.flowplane.workflows.histories;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.workflows.controlplane.DatabaseUrlRotationWorkflow;
import io.flowplane.workflows.controlplane.RollingRestartRequest;
import io.flowplane.workflows.controlplane.RollingRestartWorkflow;
import io.flowplane.workflows.controlplane.RotationRequest;
import io.flowplane.workflows.failover.FailoverRequest;
import io.flowplane.workflows.failover.PostgresFailoverWorkflow;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.TemporalTestSupport;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the histories {@link RecordedHistoriesReplayTest} replays, from the current code on the fake
 * cluster, and checks each recording: the run ended as it should and its history replays on the
 * code that made it. On every test run it records into a temporary folder. Before a workflow change,
 * re-record the committed histories, so they show the code as it was:
 * {@code mvn -pl workflows test -Dtest=RecordHistoriesTest -Dflowplane.recordHistories=workflows/src/test/resources/io/flowplane/workflows/histories}
 */
class RecordHistoriesTest {
    private static final EventType COMPLETED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED;

    @TempDir
    Path temporaryFolder;

    @Test
    void plannedFailover() throws Exception {
        record("planned-failover.json", new FakeCluster(), client -> stub(client, PostgresFailoverWorkflow.class),
                w -> w.failover(FailoverRequest.planned(FakeCluster.CLUSTER, "west")), COMPLETED);
    }

    @Test
    void plannedFailoverDryRun() throws Exception {
        FailoverRequest planned = FailoverRequest.planned(FakeCluster.CLUSTER, "west");
        FailoverRequest dryRun = new FailoverRequest(planned.cluster(), planned.promote(), planned.mode(), true,
                planned.drainSeconds(), planned.approvalTimeoutSeconds(), planned.replayTimeoutSeconds());
        record("planned-failover-dry-run.json", new FakeCluster(), client -> stub(client, PostgresFailoverWorkflow.class),
                w -> w.failover(dryRun), COMPLETED);
    }

    @Test
    void unplannedFailoverApproved() throws Exception {
        FakeCluster cluster = new FakeCluster();
        cluster.loseEast();
        record("unplanned-failover-approved.json", cluster, client -> stub(client, PostgresFailoverWorkflow.class), w -> {
            WorkflowClient.start(w::failover, FailoverRequest.unplanned(FakeCluster.CLUSTER, "west"));
            w.approveDataLoss("recorder");
            WorkflowStub.fromTyped(w).getResult(Object.class);
        }, COMPLETED);
    }

    @Test
    void databaseUrlRotation() throws Exception {
        record("database-url-rotation.json", new FakeCluster(), client -> stub(client, DatabaseUrlRotationWorkflow.class),
                w -> w.rotate(RotationRequest.of(FakeCluster.CLUSTER, "west")), COMPLETED);
    }

    @Test
    void databaseUrlRotationRolledBack() throws Exception {
        FakeCluster cluster = new FakeCluster();
        cluster.switchFailures.put(FakeCluster.XDS, "SwitchFailed");
        record("database-url-rotation-rolled-back.json", cluster, client -> stub(client, DatabaseUrlRotationWorkflow.class),
                w -> {
                    try {
                        w.rotate(RotationRequest.of(FakeCluster.CLUSTER, "west"));
                    } catch (RuntimeException expected) {
                        // the rollback is what this history is for
                    }
                }, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
    }

    @Test
    void rollingRestart() throws Exception {
        record("rolling-restart.json", new FakeCluster(), client -> stub(client, RollingRestartWorkflow.class),
                w -> w.restart(RollingRestartRequest.ofCluster(FakeCluster.CLUSTER, 2)), COMPLETED);
    }

    private static <W> W stub(WorkflowClient client, Class<W> type) {
        return client.newWorkflowStub(type, TemporalTestSupport.operationOptions(FakeCluster.CLUSTER));
    }

    private <W> void record(String file, FakeCluster cluster, Function<WorkflowClient, W> newStub, Consumer<W> run,
            EventType ending) throws Exception {
        try (TestWorkflowEnvironment environment = TemporalTestSupport.newEnvironment()) {
            Worker worker = environment.newWorker(TemporalTestSupport.QUEUE);
            worker.registerWorkflowImplementationTypes(RecordedHistories.IMPLEMENTATIONS);
            worker.registerActivitiesImplementations(cluster);
            environment.start();
            W workflow = newStub.apply(environment.getWorkflowClient());
            run.accept(workflow);
            String id = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
            WorkflowExecutionHistory history = environment.getWorkflowClient().fetchHistory(id);
            assertThat(history.getLastEvent().getEventType()).as(file + " ends").isEqualTo(ending);
            WorkflowReplayer.replayWorkflowExecution(history, RecordedHistories.IMPLEMENTATIONS[0], RecordedHistories.others());
            Path folder = Optional.ofNullable(System.getProperty("flowplane.recordHistories")).map(Path::of).orElse(temporaryFolder);
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(file), history.toJson(true), StandardCharsets.UTF_8);
            assertThat(WorkflowExecutionHistory.fromJson(Files.readString(folder.resolve(file))).getEvents())
                    .as(file + " read back").isEqualTo(history.getEvents());
        }
    }
}
