package io.flowplane.workflows.controlplane;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.operation.StepState;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.FakeClusterWorkflows;
import io.temporal.client.WorkflowFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RollingRestartWorkflowTest {
    private final FakeCluster cluster = new FakeCluster();

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(RollingRestartWorkflowImpl.class, cluster);

    @Test
    void restartsOneAtATimeWaitingForEachToComeBack() {
        RollingRestartResult result = workflow().restart(RollingRestartRequest.ofCluster(CLUSTER, 2));

        assertThat(cluster.calls).containsExactly(
                "topology.describeCluster main",
                "cp.status " + API, "cp.restart " + API + " 1", "cp.awaitHealthy " + API,
                "cp.status " + XDS, "cp.restart " + XDS + " 1", "cp.awaitHealthy " + XDS);
        assertThat(result.controlPlanes()).extracting(ControlPlaneStatus::generation).containsOnly(2L);
        assertThat(result.steps()).extracting(StepProgress::state).containsOnly(StepState.DONE);
    }

    @Test
    void stopsAtTheFirstControlPlaneThatDoesNotComeBack() {
        cluster.neverHealthy.add(API);

        assertThatThrownBy(() -> workflow().restart(RollingRestartRequest.ofCluster(CLUSTER, 2)))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining(API + " did not come back healthy");

        assertThat(cluster.calls).doesNotContain("cp.restart " + XDS + " 1");
    }

    @Test
    void explicitControlPlanesSkipTheClusterLookup() {
        workflow().restart(new RollingRestartRequest(null, java.util.List.of(XDS), 0));

        assertThat(cluster.calls).containsExactly("cp.status " + XDS, "cp.restart " + XDS + " 1", "cp.awaitHealthy " + XDS);
    }

    private RollingRestartWorkflow workflow() {
        return workflows.stub(RollingRestartWorkflow.class);
    }
}
