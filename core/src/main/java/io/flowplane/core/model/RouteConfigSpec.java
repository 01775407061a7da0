package io.flowplane.core.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** A route configuration with its full routes (headers, weighted clusters, retries); see {@link RouteSpec}. */
public record RouteConfigSpec(
        String id,
        String team,
        String name,
        List<VirtualHostSpec> virtualHosts,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    /** Names of the clusters any route of this configuration uses, sorted. */
    public Collection<String> clusterNames() {
        TreeSet<String> names = new TreeSet<>();
        for (VirtualHostSpec vh : virtualHosts == null ? List.<VirtualHostSpec>of() : virtualHosts) {
            for (RouteSpec route : vh.routes() == null ? List.<RouteSpec>of() : vh.routes()) {
                route.clusterNames().stream().filter(Objects::nonNull).forEach(names::add);
            }
        }
        return names;
    }
}
