package io.flowplane.core.model;

import java.time.Instant;
import java.util.List;

public record Cluster(
        String id,
        String team,
        String name,
        List<Endpoint> endpoints,
        int connectTimeoutMs,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
