package io.flowplane.core.model;

import java.time.Instant;
import java.util.List;

public record RouteConfig(
        String id,
        String team,
        String name,
        List<VirtualHost> virtualHosts,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
