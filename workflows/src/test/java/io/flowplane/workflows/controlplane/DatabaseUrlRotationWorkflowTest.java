package io.flowplane.workflows.controlplane;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.FakeClusterWorkflows;
import io.temporal.client.WorkflowFailedException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DatabaseUrlRotationWorkflowTest {
    private final FakeCluster cluster = new FakeCluster();

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(DatabaseUrlRotationWorkflowImpl.class, cluster);

    @Test
    void switchesEachControlPlaneInTurnAndSeesItHealthy() {
        RotationResult result = workflow().rotate(RotationRequest.of(CLUSTER, "west"));

        assertThat(cluster.calls).containsSubsequence(
                "cp.switchDatabase " + API + " west", "cp.awaitHealthy " + API,
                "cp.switchDatabase " + XDS + " west", "cp.awaitHealthy " + XDS);
        assertThat(result.database()).isEqualTo("west:5432/flowplane");
        assertThat(result.controlPlanes()).extracting(ControlPlaneStatus::database).containsOnly("west:5432/flowplane");
    }

    @Test
    void rollsBackTheSwitchedControlPlanesWhenOneFails() {
        cluster.switchFailures.put(XDS, "SwitchFailed");

        assertThatThrownBy(() -> workflow().rotate(RotationRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("rotation to 'west' failed")
                .hasMessageContaining("every switched control plane is back");

        // xds may have switched before failing (SwitchFailed is not a definite "nothing happened"): both go back.
        assertThat(cluster.calls).containsSubsequence(
                "cp.switchDatabase " + API + " west",
                "cp.switchDatabase " + XDS + " west",
                "cp.switchDatabase " + XDS + " east",
                "cp.switchDatabase " + API + " east");
        assertThat(cluster.controlPlanes.get(API).database()).isEqualTo("east:5432/flowplane");
    }

    @Test
    void doesNotTouchAControlPlaneThatRefusedTheSwitch() {
        cluster.switchFailures.put(XDS, "DatabaseUnreachable");

        assertThatThrownBy(() -> workflow().rotate(RotationRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(cluster.calls).contains("cp.switchDatabase " + API + " east");
        assertThat(cluster.calls).doesNotContain("cp.switchDatabase " + XDS + " east");
    }

    @Test
    void refusesBeforeSwitchingWhenTheRollbackNamePointsElsewhere() {
        RotationRequest request = new RotationRequest(CLUSTER, "west", "north", List.of());

        assertThatThrownBy(() -> workflow().rotate(request))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("cannot undo a switch");
        assertThat(cluster.count("cp.switchDatabase")).isZero();
    }

    private DatabaseUrlRotationWorkflow workflow() {
        return workflows.stub(DatabaseUrlRotationWorkflow.class);
    }
}
