package io.flowplane.workflows.dns;

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
import io.flowplane.workflows.testing.FakeDns;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ControlPlaneDnsWorkflowTest {
    private static final String XDS_B = "http://xds-b";
    private final FakeCluster cluster = withSecondXds();
    private final FakeDns dns = new FakeDns(cluster, Map.of(XDS, "10.0.1.10", XDS_B, "10.0.2.10"), XDS);

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(ControlPlaneDnsWorkflowImpl.class, cluster, dns);

    private static FakeCluster withSecondXds() {
        FakeCluster cluster = new FakeCluster();
        cluster.addXdsControlPlane(XDS_B);
        cluster.nodes.put(XDS, List.of("envoy-1", "envoy-2"));
        return cluster;
    }

    @Test
    void theRecordMovesInOrderAndTheOldControlPlanesEnvoysAreSeenOnTheNewOne() {
        DnsFailoverResult result = workflows.stub(ControlPlaneDnsWorkflow.class).repoint(new DnsFailoverRequest(CLUSTER, XDS_B, 1, 0));

        assertThat(cluster.calls).containsExactly(
                // 1. preflight
                "topology.describeCluster main",
                "cp.status " + API,
                "cp.status " + XDS,
                "cp.status " + XDS_B,
                "dns.describeRecord",
                // 2. who must come over
                "cp.connectedNodes " + XDS,
                // 3.-4. the record, in sync
                "dns.pointAt " + XDS_B,
                "dns.awaitInSync C1",
                // 6. the old one drains
                "cp.status " + XDS,
                "cp.restart " + XDS + " 1",
                // 7. they are on the new one
                "cp.awaitConnected " + XDS_B + " [envoy-1, envoy-2]",
                "dns.describeRecord");
        assertThat(result.from()).isEqualTo(XDS);
        assertThat(result.after().values()).containsExactly("10.0.2.10");
        assertThat(result.connectedNodes()).containsExactly("envoy-1", "envoy-2");
        assertThat(result.notReconnected()).isEmpty();
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(ControlPlaneDnsWorkflowImpl.STEPS);
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(StepState.DONE));
    }

    @Test
    void envoysThatDoNotReconnectAreNamedInTheResult() {
        dns.envoysFollow = false;
        DnsFailoverResult result = workflows.stub(ControlPlaneDnsWorkflow.class).repoint(new DnsFailoverRequest(CLUSTER, XDS_B, 1, 0));
        assertThat(result.notReconnected()).containsExactly("envoy-1", "envoy-2");
        assertThat(result.detail()).contains("2 did not reconnect to " + XDS_B + ": [envoy-1, envoy-2]");
    }

    @Test
    void aTargetBehindTheOthersOrNotServingXdsIsRefusedBeforeTheRecordChanges() {
        ControlPlaneStatus b = cluster.controlPlanes.get(XDS_B);
        cluster.controlPlanes.put(XDS_B, new ControlPlaneStatus(b.baseUrl(), true, null, b.service(), b.database(), false, true,
                41, b.generation(), false, 0, true));
        assertThatThrownBy(() -> workflows.stub(ControlPlaneDnsWorkflow.class).repoint(new DnsFailoverRequest(CLUSTER, XDS_B, 1, 0)))
                .isInstanceOf(WorkflowFailedException.class)
                .rootCause().isInstanceOfSatisfying(ApplicationFailure.class, f ->
                        assertThat(f.getOriginalMessage()).contains(XDS_B + " serves revision 41, older than 42 elsewhere"));
        assertThat(cluster.calls).noneMatch(c -> c.startsWith("dns.pointAt"));

        assertThatThrownBy(() -> workflows.stub(ControlPlaneDnsWorkflow.class).repoint(new DnsFailoverRequest(CLUSTER, API, 1, 0)))
                .rootCause().hasMessageContaining(API + " serves no xDS (api-service)");
    }
}
