package io.flowplane.workflows.failover;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.operation.OperationSearchAttributes;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.operation.StepState;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.FakeClusterWorkflows;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFailoverWorkflowTest {
    private final FakeCluster cluster = new FakeCluster();

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(PostgresFailoverWorkflowImpl.class, cluster);

    @Test
    void plannedFailoverRunsTheRunbookInOrder() {
        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, "west"));

        assertThat(cluster.calls).containsExactly(
                // 1. preflight
                "topology.describeCluster main",
                "postgres.describeMember east",
                "postgres.describeMember west",
                "cp.status " + API,
                "cp.status " + XDS,
                // 2. fence
                "postgres.fence east",
                // 3. revision and counts of the fenced primary
                "postgres.snapshot east",
                // 4.-6. final LSN, replay, promote
                "postgres.finalWalLsn east",
                "postgres.awaitReplay west " + FakeCluster.FINAL_LSN,
                // the target will wait for no standby it does not have (no other replica to repoint)
                "postgres.setSynchronousStandbys west []",
                "postgres.promote west",
                // 7. verify the new primary
                "postgres.verifyPrimary west",
                "postgres.snapshot west",
                // 8. switch
                "topology.describeUrl west",
                "cp.switchDatabase " + API + " west",
                "cp.switchDatabase " + XDS + " west",
                // 9. restart one at a time
                "cp.status " + API,
                "cp.restart " + API + " 1",
                "cp.awaitHealthy " + API,
                "cp.status " + XDS,
                "cp.restart " + XDS + " 1",
                "cp.awaitHealthy " + XDS,
                // 10. verify
                "cp.status " + API,
                "cp.status " + XDS);
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.oldPrimary()).isEqualTo("east");
        assertThat(result.newPrimary()).isEqualTo("west");
        assertThat(result.promotedByThisRun()).isTrue();
        assertThat(result.before().sameContentAs(result.after())).isTrue();
        assertThat(result.controlPlanes()).allSatisfy(cp -> assertThat(cp.database()).isEqualTo("west:5432/flowplane"));
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(FailoverSteps.PLANNED_REGIONAL);
        assertThat(result.steps()).allSatisfy(step -> {
            assertThat(step.state()).isEqualTo(StepState.DONE);
            assertThat(step.startedAtMillis()).isNotNull();
            assertThat(step.finishedAtMillis()).isNotNull();
        });
    }

    @Test
    void tagsTheOperationWithKindAndTarget() {
        PostgresFailoverWorkflow workflow = workflow();
        workflow.failover(FailoverRequest.planned(CLUSTER, "west"));

        var execution = WorkflowStub.fromTyped(workflow).getExecution();
        var attributes = workflows.environment().getWorkflowClient().getWorkflowServiceStubs().blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(workflows.environment().getNamespace()).setExecution(execution).build())
                .getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap();
        assertThat(attributes).containsKeys(OperationSearchAttributes.KIND.getName(), OperationSearchAttributes.TARGET.getName());
        assertThat(attributes.get("FlowplaneKind").getData().toStringUtf8()).contains(PostgresFailoverWorkflow.KIND);
        assertThat(attributes.get("FlowplaneTarget").getData().toStringUtf8()).contains(CLUSTER);
    }

    @Test
    void dryRunOnlyRunsPreflightAndReturnsThePlan() {
        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, "west").asDryRun());

        assertThat(cluster.calls).allSatisfy(call -> assertThat(call).matches(
                "topology.describeCluster .*|postgres.describeMember .*|cp.status .*"));
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.DRY_RUN);
        assertThat(result.plan()).containsExactlyElementsOf(FailoverSteps.PLANNED_REGIONAL);
        assertThat(result.controlPlanes()).isEmpty();
        assertThat(result.preflight().primary()).isEqualTo("east");
        assertThat(result.preflight().problems()).isEmpty();
        assertThat(result.preflight().lagBytes()).isEqualTo(0x100L);
        assertThat(states(result.steps())).containsEntry(FailoverSteps.PREFLIGHT, StepState.DONE)
                .containsEntry(FailoverSteps.PROMOTE, StepState.SKIPPED);
    }

    @Test
    void dryRunReportsProblemsInsteadOfFailing() {
        cluster.members.put("west", withSystemIdentifier(FakeCluster.replica("west"), "9999"));

        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, "west").asDryRun());

        assertThat(result.preflight().problems()).anySatisfy(p -> assertThat(p).contains("not a replica of east"));
    }

    @Test
    void preflightProblemStopsBeforeAnythingChanges() {
        cluster.members.put("west", withSystemIdentifier(FakeCluster.replica("west"), "9999"));

        assertThatThrownBy(() -> workflow().failover(FailoverRequest.planned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("not a replica of east");
        assertThat(cluster.count("postgres.fence")).isZero();
        assertThat(cluster.count("postgres.promote")).isZero();
    }

    @Test
    void sagaUnfencesTheOldPrimaryWhenPromotionFails() {
        cluster.promoteFails = true;

        PostgresFailoverWorkflow workflow = workflow();
        assertThatThrownBy(() -> workflow.failover(FailoverRequest.planned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(cluster.calls).containsSubsequence("postgres.fence east", "postgres.promote west",
                "postgres.describeMember west", "postgres.unfence east");
        assertThat(cluster.count("cp.switchDatabase")).isZero();
        Map<String, StepState> states = states(workflow.progress());
        assertThat(states).containsEntry(FailoverSteps.PROMOTE, StepState.FAILED)
                .containsEntry(FailoverSteps.UNFENCE, StepState.DONE)
                .containsEntry(FailoverSteps.SWITCH, StepState.SKIPPED);
    }

    @Test
    void leavesTheOldPrimaryFencedWhenTheReplicaWasPromotedDespiteTheError() {
        cluster.promoteFailsAfterPromoting = true;

        PostgresFailoverWorkflow workflow = workflow();
        assertThatThrownBy(() -> workflow.failover(FailoverRequest.planned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(cluster.count("postgres.unfence")).isZero();
        assertThat(states(workflow.progress())).containsEntry(FailoverSteps.UNFENCE, StepState.SKIPPED);
    }

    @Test
    void failsVerificationWhenTheNewPrimaryHoldsADifferentRevision() {
        cluster.revisionOnWest = 41;

        assertThatThrownBy(() -> workflow().failover(FailoverRequest.planned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("the new primary holds revision 41");
    }

    @Test
    void unplannedNeverPromotesWithoutApprovalAndPromotesOnceAfterIt() {
        cluster.loseEast();
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "west"));

        workflows.environment().sleep(Duration.ofDays(3));

        assertThat(cluster.count("postgres.promote")).isZero();
        assertThat(states(workflow.progress())).containsEntry(FailoverSteps.AWAIT_APPROVAL, StepState.WAITING_FOR_APPROVAL);
        assertThat(detail(workflow.progress(), FailoverSteps.REPORT_LAG)).contains("received 0/2FFFF00, replayed 0/2FFFF00");

        workflow.approveDataLoss("alice");
        workflow.approveDataLoss("bob");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(cluster.count("postgres.promote")).isEqualTo(1);
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.approvedBy()).isEqualTo("alice");
        assertThat(result.before()).isNull();
        assertThat(result.after().revision()).isEqualTo(42);
        assertThat(cluster.count("postgres.fence")).isZero();
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(FailoverSteps.UNPLANNED_REGIONAL);
    }

    @Test
    void abortEndsAnUnplannedFailoverWithoutPromoting() {
        cluster.loseEast();
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(5));

        workflow.abort("east is coming back");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.ABORTED);
        assertThat(result.detail()).isEqualTo("aborted: east is coming back");
        assertThat(cluster.count("postgres.promote")).isZero();
        assertThat(cluster.count("cp.switchDatabase")).isZero();
    }

    @Test
    void approvalTimeoutAbortsWithoutPromoting() {
        cluster.loseEast();

        FailoverResult result = workflow().failover(FailoverRequest.unplanned(CLUSTER, "west").withApprovalTimeoutSeconds(600));

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.ABORTED);
        assertThat(result.detail()).isEqualTo("aborted: approval timed out");
        assertThat(cluster.count("postgres.promote")).isZero();
    }

    @Test
    void unplannedLeavesAControlPlaneLostWithThePrimaryBehindAndMovesTheOthers() {
        cluster.loseEast();
        cluster.loseControlPlane(XDS);
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(5));

        assertThat(detail(workflow.progress(), FailoverSteps.AWAIT_APPROVAL))
                .contains("will not be switched").contains(XDS + " (connection refused)");
        workflow.approveDataLoss("alice");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(cluster.calls).containsExactly(
                // 1. preflight: xds does not answer and is left behind
                "topology.describeCluster main",
                "postgres.describeMember east",
                "postgres.describeMember west",
                "cp.status " + API,
                "cp.status " + XDS,
                // 2. lag, 3. approval, 4. repoint (nothing to) and promote, 5. verify the new primary
                "postgres.describeMember west",
                "postgres.setSynchronousStandbys west []",
                "postgres.promote west",
                "postgres.verifyPrimary west",
                "postgres.snapshot west",
                // 6.-8. switch, restart and verify the control plane that answered, only
                "topology.describeUrl west",
                "cp.switchDatabase " + API + " west",
                "cp.status " + API,
                "cp.restart " + API + " 1",
                "cp.awaitHealthy " + API,
                "cp.status " + API);
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        LeftBehindControlPlane xds = new LeftBehindControlPlane(XDS, "connection refused");
        assertThat(result.leftBehind()).containsExactly(xds);
        assertThat(result.preflight().leftBehind()).containsExactly(xds);
        assertThat(result.preflight().problems()).isEmpty();
        assertThat(result.controlPlanes()).extracting(ControlPlaneStatus::baseUrl).containsExactly(API);
        assertThat(result.detail()).contains("left behind on the old primary: " + XDS, "FLOWPLANE_STATE_DIR",
                "fenced or down", "POST /control-plane/database", "DatabaseUrlRotationWorkflow");
        assertThat(detail(result.steps(), FailoverSteps.AWAIT_APPROVAL)).isEqualTo(
                "data loss approved by alice, leaving behind " + XDS + " (connection refused)");
        assertThat(detail(result.steps(), FailoverSteps.SWITCH)).contains("not switched, left behind: " + XDS);
        assertThat(detail(result.steps(), FailoverSteps.RESTART)).contains("not restarted, left behind: " + XDS);
        assertThat(detail(result.steps(), FailoverSteps.VERIFY)).contains("not verified, left behind: " + XDS);
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(StepState.DONE));
    }

    @Test
    void aLeftBehindControlPlaneThatAnswersAgainBeforeApprovalIsStillNotTouched() {
        cluster.loseEast();
        ControlPlaneStatus xdsAnswering = cluster.controlPlanes.get(XDS);
        cluster.loseControlPlane(XDS);
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(5));

        cluster.controlPlanes.put(XDS, xdsAnswering);
        workflow.approveDataLoss("alice");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(cluster.calls.stream().filter(call -> call.contains(XDS))).as("only its preflight status check")
                .containsExactly("cp.status " + XDS);
        assertThat(result.leftBehind()).extracting(LeftBehindControlPlane::baseUrl).containsExactly(XDS);
    }

    @Test
    void unplannedFailsPreflightWhenNoControlPlaneAnswers() {
        cluster.loseEast();
        cluster.loseControlPlane(API);
        cluster.loseControlPlane(XDS);

        assertThatThrownBy(() -> workflow().failover(FailoverRequest.unplanned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("no control plane answers, so none would serve from west");
        assertThat(cluster.count("postgres.promote")).isZero();
    }

    @Test
    void unplannedDryRunReportsWhichControlPlanesItWouldLeaveBehind() {
        cluster.loseEast();
        cluster.loseControlPlane(XDS);

        FailoverResult result = workflow().failover(FailoverRequest.unplanned(CLUSTER, "west").asDryRun());

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.DRY_RUN);
        assertThat(result.leftBehind()).extracting(LeftBehindControlPlane::baseUrl).containsExactly(XDS);
        assertThat(result.preflight().problems()).isEmpty();
        assertThat(result.detail()).contains("left behind: " + XDS + " (connection refused)");
    }

    @Test
    void abortedUnplannedFailoverLeavesNoControlPlaneBehind() {
        cluster.loseEast();
        cluster.loseControlPlane(XDS);
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(5));

        workflow.abort("east is coming back");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.ABORTED);
        assertThat(result.leftBehind()).as("nothing was switched, so nothing was left behind").isEmpty();
        assertThat(result.preflight().leftBehind()).extracting(LeftBehindControlPlane::baseUrl).containsExactly(XDS);
    }

    @Test
    void plannedStillNeedsEveryControlPlane() {
        cluster.loseControlPlane(XDS);

        assertThatThrownBy(() -> workflow().failover(FailoverRequest.planned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("control plane " + XDS + " is unreachable: connection refused");
        assertThat(cluster.count("postgres.fence")).isZero();
    }

    @Test
    void unplannedRefusesWhileTheOldPrimaryStillTakesWrites() {
        assertThatThrownBy(() -> workflow().failover(FailoverRequest.unplanned(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("east is reachable and takes writes");
        assertThat(cluster.count("postgres.promote")).isZero();
    }

    @Test
    void onlyOneOperationPerClusterAtATime() {
        cluster.loseEast();
        PostgresFailoverWorkflow first = workflow();
        WorkflowClient.start(first::failover, FailoverRequest.unplanned(CLUSTER, "west"));

        PostgresFailoverWorkflow second = workflow();
        assertThatThrownBy(() -> WorkflowClient.start(second::failover, FailoverRequest.unplanned(CLUSTER, "west")))
                .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
        first.abort("test over");
    }

    @Test
    void unknownMemberFailsWithoutRetrying() {
        assertThatThrownBy(() -> workflow().failover(FailoverRequest.planned(CLUSTER, "north")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("has no member north")
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(failure.isNonRetryable()).isTrue());
        // One look at the topology, one attempt, and nothing touched.
        assertThat(cluster.calls).containsExactly("topology.describeCluster " + CLUSTER);
    }

    private PostgresFailoverWorkflow workflow() {
        return workflows.stub(PostgresFailoverWorkflow.class);
    }

    private static Map<String, StepState> states(List<StepProgress> steps) {
        return steps.stream().collect(Collectors.toMap(StepProgress::name, StepProgress::state));
    }

    private static String detail(List<StepProgress> steps, String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().detail();
    }

    private static MemberStatus withSystemIdentifier(MemberStatus s, String id) {
        return new MemberStatus(s.member(), s.database(), s.reachable(), s.error(), s.inRecovery(), id, s.serverVersionNum(),
                s.serverVersion(), s.timeline(), s.currentLsn(), s.receiveLsn(), s.replayLsn(), s.replayPaused(),
                s.replayLagSeconds(), s.lastReplayAgeSeconds(), s.walReceiverStatus(), s.fenced(), s.configRevision());
    }
}
