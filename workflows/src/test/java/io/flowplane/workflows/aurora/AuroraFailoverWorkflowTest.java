package io.flowplane.workflows.aurora;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.workflows.failover.FailoverOutcome;
import io.flowplane.workflows.operation.OperationIds;
import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.operation.StepState;
import io.flowplane.workflows.testing.FakeAurora;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.FakeClusterWorkflows;
import io.flowplane.testkit.Wait;
import io.flowplane.workflows.testing.UpdateRefusals;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuroraFailoverWorkflowTest {
    private final FakeCluster cluster = new FakeCluster();
    private final FakeAurora aurora = new FakeAurora(cluster);

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(AuroraFailoverWorkflowImpl.class, cluster, aurora);

    @Test
    void nothingDestructiveIsAskedOfRdsUntilSomeoneNamedApproves() {
        AuroraFailoverWorkflow workflow = workflows.stub(AuroraFailoverWorkflow.class);
        WorkflowClient.start(workflow::failover, AuroraRequest.of(CLUSTER, "west"));

        // A day of waiting (time skips) asks RDS nothing.
        workflows.environment().sleep(Duration.ofDays(1));
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("aurora.failover") || c.startsWith("aurora.switchover"));
        assertThat(workflow.progress()).filteredOn(s -> s.name().equals(AuroraSteps.AWAIT_APPROVAL))
                .singleElement().satisfies(step -> {
                    assertThat(step.state()).isEqualTo(StepState.WAITING_FOR_APPROVAL);
                    assertThat(step.detail()).contains("writes east had not replicated to west will be lost");
                });

        // As the API sends it: through the signals every failover shares.
        operator().approveDataLoss("on-call");
        AuroraResult result = WorkflowStub.fromTyped(workflow).getResult(AuroraResult.class);

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.approvedBy()).isEqualTo("on-call");
        assertThat(result.detail()).contains("approved by on-call").contains("east must be rebuilt");
        assertThat(cluster.calls).containsSubsequence("aurora.failoverAllowingDataLoss west", "aurora.awaitWriter west",
                "postgres.verifyPrimary west", "cp.switchDatabase " + API + " west", "cp.switchDatabase " + XDS + " west");
        assertThat(cluster.count("aurora.failoverAllowingDataLoss")).isEqualTo(1);
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(AuroraSteps.FAILOVER);
    }

    @Test
    void anAbortWhileWaitingForApprovalEndsTheRunAndAsksRdsNothing() {
        AuroraFailoverWorkflow workflow = workflows.stub(AuroraFailoverWorkflow.class);
        WorkflowClient.start(workflow::failover, AuroraRequest.of(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(5));
        operator().abort("the region came back");

        AuroraResult result = WorkflowStub.fromTyped(workflow).getResult(AuroraResult.class);
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.ABORTED);
        assertThat(result.detail()).isEqualTo("aborted: the region came back");
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("aurora.failover") || c.startsWith("cp.switchDatabase"));
    }

    @Test
    void anApprovalThatDoesNotComeInTimeAbortsTheRun() {
        AuroraResult result = workflows.stub(AuroraFailoverWorkflow.class)
                .failover(new AuroraRequest(CLUSTER, "west", false, 5, 600, 0));
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.ABORTED);
        assertThat(result.detail()).contains("approval timed out after 600 s");
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("aurora.failover"));
    }

    @Test
    void aControlPlaneLostWithTheWriterIsLeftBehindAndNamed() {
        cluster.loseControlPlane(XDS);
        AuroraFailoverWorkflow workflow = workflows.stub(AuroraFailoverWorkflow.class);
        WorkflowClient.start(workflow::failover, AuroraRequest.of(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(1));
        operator().approveDataLoss("on-call");

        AuroraResult result = WorkflowStub.fromTyped(workflow).getResult(AuroraResult.class);
        assertThat(result.leftBehind()).singleElement().satisfies(cp -> assertThat(cp.baseUrl()).isEqualTo(XDS));
        assertThat(cluster.calls).contains("cp.switchDatabase " + API + " west").doesNotContain("cp.switchDatabase " + XDS + " west");
    }

    @Test
    void anApprovalIsTakenOnlyWhileTheRunWaitsForOneAndAnAbortOnlyBeforeRdsIsAsked() {
        aurora.holdWriter();
        AuroraFailoverWorkflow workflow = workflows.stub(AuroraFailoverWorkflow.class);
        WorkflowClient.start(workflow::failover, AuroraRequest.of(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(1));

        assertThat(refusal(() -> operator().approve(" "))).isEqualTo("an approval names who gives it");
        assertThat(operator().approve("on-call")).isEqualTo("approved by on-call; the run goes on past await-data-loss-approval");
        Wait.until("the run to wait for the new writer", Duration.ofSeconds(10), () -> cluster.calls.contains("aurora.awaitWriter west"));
        assertThat(refusal(() -> operator().approve("someone-else"))).isEqualTo("already approved by on-call");
        assertThat(refusal(() -> operator().requestAbort("too late")))
                .isEqualTo("the failover in RDS has begun; an abort can no longer stop the run");
        aurora.releaseWriter();

        AuroraResult result = WorkflowStub.fromTyped(workflow).getResult(AuroraResult.class);
        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.approvedBy()).isEqualTo("on-call");
    }

    @Test
    void anAbortByUpdateWhileWaitingForApprovalSaysWhatTheRunDoes() {
        AuroraFailoverWorkflow workflow = workflows.stub(AuroraFailoverWorkflow.class);
        WorkflowClient.start(workflow::failover, AuroraRequest.of(CLUSTER, "west"));
        workflows.environment().sleep(Duration.ofMinutes(1));

        assertThat(operator().requestAbort("drill over"))
                .isEqualTo("aborting: drill over; the run stops at its next step and changes nothing more");
        assertThat(WorkflowStub.fromTyped(workflow).getResult(AuroraResult.class).outcome()).isEqualTo(FailoverOutcome.ABORTED);
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("aurora.failover"));
    }

    /** The validator's reason, as the API gets it. */
    static String refusal(Runnable update) {
        return UpdateRefusals.refusal(update);
    }

    private OperatorActions operator() {
        return workflows.environment().getWorkflowClient().newWorkflowStub(OperatorActions.class, OperationIds.forCluster(CLUSTER));
    }
}
