package io.flowplane.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.core.model.Endpoint;
import io.flowplane.xds.testing.Fleets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A rebuild reuses the translation of every unchanged record and redoes only what changed. */
class SnapshotBuilderReuseTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final SnapshotBuilder builder = new SnapshotBuilder();

    @Test
    void unchangedResourcesAreTheSameObjectsAndChangedOnesAreNew() {
        FleetSnapshot first = builder.build(Fleets.twoDataplanes().build(), NOW);
        FleetSnapshot same = builder.build(Fleets.twoDataplanes().revision(2).build(), NOW);
        FleetSnapshot changed = builder.build(Fleets.twoDataplanes().revision(3)
                .cluster("payments", "backend-a", new Endpoint("10.0.0.9", 8080)).build(), NOW);

        VersionedResource endpoints = endpoints(first, "dp_a", "backend-a");
        assertThat(endpoints(same, "dp_a", "backend-a")).isSameAs(endpoints);
        assertThat(listener(same, "dp_b", "ingress-b")).isSameAs(listener(first, "dp_b", "ingress-b"));

        VersionedResource afterChange = endpoints(changed, "dp_a", "backend-a");
        assertThat(afterChange).isNotSameAs(endpoints);
        assertThat(afterChange.digest()).isNotEqualTo(endpoints.digest());
        assertThat(listener(changed, "dp_b", "ingress-b")).isSameAs(listener(first, "dp_b", "ingress-b"));
    }

    private static VersionedResource endpoints(FleetSnapshot snapshot, String dataplane, String cluster) {
        return snapshot.forDataplane(dataplane).resources(TypeUrls.ENDPOINT).get(cluster);
    }

    private static VersionedResource listener(FleetSnapshot snapshot, String dataplane, String name) {
        return snapshot.forDataplane(dataplane).resources(TypeUrls.LISTENER).get(name);
    }
}
