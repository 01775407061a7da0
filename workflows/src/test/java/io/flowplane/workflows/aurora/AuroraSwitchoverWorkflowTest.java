package io.flowplane.workflows.aurora;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.workflows.failover.FailoverOutcome;
import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.testkit.Wait;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.operation.StepState;
import io.flowplane.workflows.testing.FakeAurora;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.FakeClusterWorkflows;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuroraSwitchoverWorkflowTest {
    private final FakeCluster cluster = new FakeCluster();
    private final FakeAurora aurora = new FakeAurora(cluster);

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(AuroraSwitchoverWorkflowImpl.class, cluster, aurora);

    @Test
    void aSwitchoverRunsTheRunbookInOrderAndMovesEveryControlPlaneToTheNewWriter() {
        AuroraResult result = workflows.stub(AuroraSwitchoverWorkflow.class).switchover(AuroraRequest.of(CLUSTER, "west"));

        assertThat(cluster.calls).containsExactly(
                // 1. preflight
                "topology.describeCluster main",
                "aurora.describe",
                "cp.status " + API,
                "cp.status " + XDS,
                // 2. what the old writer holds
                "postgres.snapshot east",
                // 3. ask RDS
                "aurora.switchover west",
                // 4. until west is the available writer
                "aurora.awaitWriter west",
                // 5. verify the new writer
                "postgres.verifyPrimary west",
                "postgres.snapshot west",
                // 6. switch
                "topology.describeUrl west",
                "cp.switchDatabase " + API + " west",
                "cp.switchDatabase " + XDS + " west",
                // 7. restart one at a time
                "cp.status " + API,
                "cp.restart " + API + " 1",
                "cp.awaitHealthy " + API,
                "cp.status " + XDS,
                "cp.restart " + XDS + " 1",
                "cp.awaitHealthy " + XDS,
                // 8. verify
                "cp.status " + API,
                "cp.status " + XDS);
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.kind()).isEqualTo(AuroraSwitchoverWorkflow.KIND);
        assertThat(result.oldWriter()).isEqualTo("east");
        assertThat(result.newWriter()).isEqualTo("west");
        assertThat(result.requestedByThisRun()).isTrue();
        assertThat(result.after().revision()).isGreaterThanOrEqualTo(result.before().revision());
        assertThat(result.controlPlanes()).allSatisfy(cp -> assertThat(cp.database()).isEqualTo("west:5432/flowplane"));
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(AuroraSteps.SWITCHOVER);
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(StepState.DONE));
    }

    @Test
    void eachControlPlaneWritesThroughTheNewWriterAndReadsFromItsOwnRegionsReader() {
        cluster.reads.put(API, "east-ro");
        cluster.reads.put(XDS, "east-ro");
        AuroraResult result = workflows.stub(AuroraSwitchoverWorkflow.class).switchover(AuroraRequest.of(CLUSTER, "west"));

        assertThat(cluster.calls).contains("cp.switchDatabases " + API + " west reads east-ro",
                "cp.switchDatabases " + XDS + " west reads east-ro").noneMatch(c -> c.startsWith("cp.switchDatabase "));
        assertThat(result.controlPlanes()).filteredOn(cp -> cp.baseUrl().equals(API)).singleElement().satisfies(api -> {
            assertThat(api.database()).isEqualTo("west:5432/flowplane");
            assertThat(api.readDatabase()).isEqualTo("east-ro:5432/flowplane");
        });
        assertThat(result.controlPlanes()).filteredOn(cp -> cp.baseUrl().equals(XDS)).singleElement().satisfies(xds -> {
            assertThat(xds.database()).as("xds-service only reads").isEqualTo("east-ro:5432/flowplane");
            assertThat(xds.readOnly()).isTrue();
        });
    }

    @Test
    void eachActivityCallIsSummarizedInTheHistoryByItsRunbookStepAndSubject() {
        workflows.stub(AuroraSwitchoverWorkflow.class).switchover(AuroraRequest.of(CLUSTER, "west"));
        java.util.List<String> summaries = workflows.environment().getWorkflowClient()
                .fetchHistory(io.flowplane.workflows.operation.OperationIds.forCluster(CLUSTER)).getEvents().stream()
                .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                        e.getUserMetadata().getSummary(), String.class, String.class))
                .toList();
        assertThat(summaries).startsWith("1/8 preflight · main", "1/8 preflight · main", "1/8 preflight · " + API,
                "1/8 preflight · " + XDS, "2/8 record-revision-and-counts · east", "3/8 request-switchover · west",
                "4/8 await-new-writer · west", "5/8 verify-new-writer · west", "5/8 verify-new-writer · west",
                "6/8 switch-control-planes · west", "6/8 switch-control-planes · " + API);
        assertThat(summaries).contains("7/8 restart-control-planes · " + XDS, "8/8 verify · " + XDS);
    }

    @Test
    void aNewWriterBehindTheOldOneFailsTheRunBeforeAnyControlPlaneMoves() {
        cluster.revisionOnWest = 41;
        assertThatThrownBy(() -> workflows.stub(AuroraSwitchoverWorkflow.class).switchover(AuroraRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("RevisionBehind");
                    assertThat(f.getOriginalMessage()).contains("41").contains("42");
                });
        assertThat(cluster.count("cp.switchDatabase")).isZero();
    }

    @Test
    void preflightRefusesDifferentEngineVersionsAndAnUnsyncedTargetAndAsksRdsNothing() {
        aurora.westEngineVersion = "15.4";
        aurora.westSynchronization = "pending-resync";
        assertThatThrownBy(() -> workflows.stub(AuroraSwitchoverWorkflow.class).switchover(AuroraRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("PreflightFailed");
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getOriginalMessage()).contains("engine versions differ: east 16.6, west 15.4")
                            .contains("west is pending-resync, not connected to the writer");
                });
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("aurora.switchover") || c.startsWith("postgres.snapshot"));
    }

    @Test
    void aDryRunReturnsThePlanAndPreflightAndChangesNothing() {
        AuroraRequest dryRun = new AuroraRequest(CLUSTER, "west", true, 5, 0, 0);
        AuroraResult result = workflows.stub(AuroraSwitchoverWorkflow.class).switchover(dryRun);

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.DRY_RUN);
        assertThat(result.plan()).containsExactlyElementsOf(AuroraSteps.SWITCHOVER);
        assertThat(result.preflight().writer()).isEqualTo("east");
        assertThat(result.preflight().problems()).isEmpty();
        assertThat(cluster.calls).containsExactly("topology.describeCluster main", "aurora.describe", "cp.status " + API,
                "cp.status " + XDS);
    }

    @Test
    void aSwitchoverTakesNoApprovalAndNoAbortOnceRdsIsAsked() {
        aurora.holdWriter();
        AuroraSwitchoverWorkflow workflow = workflows.stub(AuroraSwitchoverWorkflow.class);
        io.temporal.client.WorkflowClient.start(workflow::switchover, AuroraRequest.of(CLUSTER, "west"));
        Wait.until("the run to wait for the new writer", Duration.ofSeconds(10), () -> cluster.calls.contains("aurora.awaitWriter west"));
        OperatorActions actions = workflows.environment().getWorkflowClient()
                .newWorkflowStub(OperatorActions.class, io.flowplane.workflows.operation.OperationIds.forCluster(CLUSTER));

        assertThat(AuroraFailoverWorkflowTest.refusal(() -> actions.approve("on-call")))
                .isEqualTo("this run loses no data and awaits no approval");
        assertThat(AuroraFailoverWorkflowTest.refusal(() -> actions.requestAbort("changed my mind")))
                .isEqualTo("the switchover in RDS has begun; an abort can no longer stop the run");
        aurora.releaseWriter();
        assertThat(io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(AuroraResult.class).outcome())
                .isEqualTo(FailoverOutcome.COMPLETED);
    }

    @Test
    void aControlPlaneThatDoesNotAnswerStopsASwitchoverInPreflight() {
        cluster.loseControlPlane(XDS);
        assertThatThrownBy(() -> workflows.stub(AuroraSwitchoverWorkflow.class).switchover(AuroraRequest.of(CLUSTER, "west")))
                .rootCause().hasMessageContaining("control plane " + XDS + " does not answer");
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("aurora.switchover"));
    }
}
