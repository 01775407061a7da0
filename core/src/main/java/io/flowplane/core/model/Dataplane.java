package io.flowplane.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A group of Envoys in one place (a region, a zone) that share one configuration. Envoys bind to it
 * by the dataplane id in their node metadata, or by one of its {@code nodeClusters}.
 */
public record Dataplane(
        String id,
        String team,
        String name,
        String gatewayHost,
        String description,
        List<String> nodeClusters,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
