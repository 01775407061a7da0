package io.flowplane.xds.ads;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.flowplane.xds.snapshot.ResourceSelection;
import io.flowplane.xds.snapshot.VersionedResource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterHandoverTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final ClusterHandover handover = new ClusterHandover();

    private static ResourceSelection clusters(String... names) {
        return ResourceSelection.of(Arrays.stream(names).sorted()
                .map(name -> VersionedResource.of(name, Cluster.newBuilder().setName(name).build())).toList());
    }

    private void sent(ResourceSelection selection, Instant at) {
        handover.clustersSent(selection, Set.copyOf(selection.names()), at);
    }

    @Test
    void aClusterThatLeftTheConfigurationIsKeptForTheRetentionThenDropped() {
        sent(clusters("a"), T0);

        ResourceSelection moved = handover.clusters(clusters("b"), T0.plusSeconds(1));
        assertThat(moved.names()).containsExactly("a", "b");
        sent(moved, T0.plusSeconds(1));

        assertThat(handover.clusters(clusters("b"), T0.plus(ClusterHandover.DEFAULT_RETENTION)).names()).containsExactly("a", "b");
        assertThat(handover.clusters(clusters("b"), T0.plusSeconds(2).plus(ClusterHandover.DEFAULT_RETENTION)).names())
                .containsExactly("b");
    }

    @Test
    void aClusterThatComesBackIsNoLongerRetainedAndNothingChangesWhenNothingLeft() {
        sent(clusters("a", "b"), T0);
        sent(handover.clusters(clusters("b"), T0), T0);

        ResourceSelection back = handover.clusters(clusters("a", "b"), T0.plusSeconds(1));
        assertThat(back.names()).containsExactly("a", "b");
        assertThat(back.version()).isEqualTo(clusters("a", "b").version());
    }

    @Test
    void newEdsClustersHoldListenersAndRoutesUntilTheirEndpointsAreSent() {
        sent(clusters("a"), T0);
        assertThat(handover.holdsRoutes(T0)).as("the first response holds nothing").isFalse();

        handover.clustersSent(clusters("a", "b", "dns"), Set.of("a", "b"), T0);
        assertThat(handover.holdsRoutes(T0)).isTrue();

        handover.endpointsSent(clusters("a"));
        assertThat(handover.holdsRoutes(T0)).as("b's endpoints not sent yet").isTrue();
        handover.endpointsSent(clusters("a", "b"));
        assertThat(handover.holdsRoutes(T0)).isFalse();
    }

    @Test
    void aHoldEndsWhenEnvoyRejectsTheClustersOrAfterTheLimit() {
        sent(clusters("a"), T0);
        sent(clusters("a", "b"), T0);
        handover.clustersRejected();
        assertThat(handover.holdsRoutes(T0)).isFalse();

        sent(clusters("a", "b", "c"), T0);
        assertThat(handover.holdsRoutes(T0.plus(ClusterHandover.HOLD_LIMIT))).isTrue();
        assertThat(handover.holdsRoutes(T0.plus(ClusterHandover.HOLD_LIMIT).plusMillis(1))).isFalse();
    }

    @Test
    void onlyAddedClustersAreAwaitedNotUpdatedOnes() {
        sent(clusters("a", "b"), T0);
        handover.clustersSent(ResourceSelection.of(List.of(
                VersionedResource.of("a", Cluster.newBuilder().setName("a").setAltStatName("changed").build()),
                VersionedResource.of("b", Cluster.newBuilder().setName("b").build()))), Set.of("a", "b"), T0);

        assertThat(handover.holdsRoutes(T0)).isFalse();
    }
}
