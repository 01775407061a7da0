package io.flowplane.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * A group of Envoys in one place (a region, a zone) that share one configuration. Envoys bind to it
 * by the dataplane id in their node metadata, or by one of its {@code nodeClusters}. Its xDS
 * {@code credentials} (hashes) are never part of its JSON; {@code /credentials} lists them.
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
        Instant updatedAt,
        @JsonIgnore List<DataplaneCredential> credentials) {

    public Dataplane {
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
    }

    /** Without credentials, as tests and fixtures build them. */
    public Dataplane(String id, String team, String name, String gatewayHost, String description,
            List<String> nodeClusters, long version, Instant createdAt, Instant updatedAt) {
        this(id, team, name, gatewayHost, description, nodeClusters, version, createdAt, updatedAt, List.of());
    }
}
