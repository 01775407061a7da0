package io.flowplane.xds.binding;

import static io.flowplane.xds.testing.AdsClient.nodeInCluster;
import static io.flowplane.xds.testing.AdsClient.nodeWithDataplaneId;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.testing.Fleets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeBinderTest {
    private final FleetSnapshot fleet = new SnapshotBuilder().build(Fleets.fleet()
            .dataplane("dp_a", "payments", "eu-west", "shared")
            .dataplane("dp_b", "payments", "us-east", "shared")
            .build(), Instant.now());

    @Test
    void metadataDataplaneIdWins() {
        NodeBinding binding = NodeBinder.bind(nodeWithDataplaneId("n", "eu-west", "dp_b"), fleet);
        assertThat(binding).isEqualTo(NodeBinding.bound("dp_b"));
    }

    @Test
    void anUnknownMetadataIdDoesNotFallBackToTheNodeCluster() {
        NodeBinding binding = NodeBinder.bind(nodeWithDataplaneId("n", "eu-west", "dp_gone"), fleet);
        assertThat(binding.isBound()).isFalse();
        assertThat(binding.unboundReason()).contains("'dp_gone'").contains("unknown");
    }

    @Test
    void aNodeClusterListedByOneDataplaneBinds() {
        assertThat(NodeBinder.bind(nodeInCluster("n", "us-east"), fleet)).isEqualTo(NodeBinding.bound("dp_b"));
    }

    @Test
    void aNodeClusterListedByTwoDataplanesIsAmbiguous() {
        NodeBinding binding = NodeBinder.bind(nodeInCluster("n", "shared"), fleet);
        assertThat(binding.isBound()).isFalse();
        assertThat(binding.unboundReason()).contains("ambiguous").contains("dp_a, dp_b");
    }

    @Test
    void anUnknownNodeClusterIsUnbound() {
        NodeBinding binding = NodeBinder.bind(nodeInCluster("n", "mars"), fleet);
        assertThat(binding.isBound()).isFalse();
        assertThat(binding.unboundReason()).contains("no dataplane lists node cluster 'mars'");
    }
}
