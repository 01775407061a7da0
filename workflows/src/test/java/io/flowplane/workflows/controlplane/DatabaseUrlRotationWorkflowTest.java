package io.flowplane.workflows.controlplane;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.RegionalTopology;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.operation.StepState;
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

    /** api (writes east, reads west) and xds (reads west) in region r; west is a replica unless a test says otherwise. */
    private void regionalControlPlanesReadingWest() {
        cluster.regions = new RegionalTopology(java.util.Map.of("east", "r", "west", "r"), List.of(), java.util.Map.of(API, "r", XDS, "r"));
        cluster.controlPlanes.put(API, new ControlPlaneStatus(API, true, null, "api-service", "east:5432/flowplane", false, true, 42, 1,
                false, 0, true, "west:5432/flowplane"));
        cluster.controlPlanes.put(XDS, new ControlPlaneStatus(XDS, true, null, "xds-service", "west:5432/flowplane", true, true, 42, 1,
                false, 3, true, "west:5432/flowplane"));
    }

    @Test
    void aRegionalControlPlaneReadingItsRegionsReplicaKeepsReadingThere() {
        regionalControlPlanesReadingWest();

        RotationResult result = workflow().rotate(RotationRequest.of(CLUSTER, "east2"));

        assertThat(cluster.calls).containsSubsequence(
                "cp.switchDatabases " + API + " east2 reads west", "cp.awaitHealthy " + API,
                "cp.switchDatabases " + XDS + " east2 reads west", "cp.awaitHealthy " + XDS);
        assertThat(result.controlPlanes()).extracting(ControlPlaneStatus::database)
                .containsExactly("east2:5432/flowplane", "west:5432/flowplane");
    }

    @Test
    void aRegionalControlPlaneReadingAPrimaryReadsFromTheRotationsTarget() {
        regionalControlPlanesReadingWest();
        cluster.members.put("west", FakeCluster.primary("west"));

        workflow().rotate(RotationRequest.of(CLUSTER, "east2"));

        assertThat(cluster.calls).contains("cp.switchDatabases " + API + " east2 reads east2", "cp.switchDatabases " + XDS + " east2 reads east2");
    }

    @Test
    void rollsBackTheSwitchedControlPlanesWhenOneFails() {
        cluster.switchFailures.put(XDS, "SwitchFailed");
        DatabaseUrlRotationWorkflow workflow = workflow();

        assertThatThrownBy(() -> workflow.rotate(RotationRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("rotation to 'west' failed")
                .hasMessageContaining("every switched control plane is back");

        // xds switched before failing (SwitchFailed is not a definite "nothing happened"): both go back, last first.
        assertThat(cluster.calls).containsSubsequence(
                "cp.switchDatabase " + API + " west",
                "cp.switchDatabase " + XDS + " west",
                "cp.switchDatabase " + XDS + " east", "cp.awaitHealthy " + XDS,
                "cp.switchDatabase " + API + " east", "cp.awaitHealthy " + API);
        assertThat(cluster.controlPlanes.values()).as("every control plane")
                .extracting(ControlPlaneStatus::database).containsOnly("east:5432/flowplane");
        assertThat(workflow.progress()).extracting(StepProgress::name, StepProgress::state).contains(
                tuple("switch back " + XDS, StepState.DONE), tuple("switch back " + API, StepState.DONE));
    }

    @Test
    void aRollbackThatCannotFinishIsReportedAsIncomplete() {
        cluster.switchFailures.put(XDS, "SwitchFailed");
        cluster.switchAlwaysFails.add(API);

        assertThatThrownBy(() -> workflow().rotate(RotationRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().hasMessageContaining("ROLLBACK INCOMPLETE")
                .hasMessageNotContaining("every switched control plane is back");
    }

    @Test
    void doesNotTouchAControlPlaneThatRefusedTheSwitch() {
        cluster.switchFailures.put(XDS, "DatabaseUnreachable");

        assertThatThrownBy(() -> workflow().rotate(RotationRequest.of(CLUSTER, "west")))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(cluster.calls).contains("cp.switchDatabase " + API + " east");
        assertThat(cluster.controlPlanes.values()).extracting(ControlPlaneStatus::database).containsOnly("east:5432/flowplane");
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
