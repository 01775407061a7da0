package io.flowplane.core.model;

import java.time.Instant;

/** An Envoy listener assigned to exactly one dataplane, routing through one route configuration. */
public record Listener(
        String id,
        String team,
        String name,
        String address,
        int port,
        String dataplaneId,
        String routeConfig,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
