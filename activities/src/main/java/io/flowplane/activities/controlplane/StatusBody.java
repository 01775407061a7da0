package io.flowplane.activities.controlplane;

/** The JSON of {@code GET /control-plane/status}, snake_case on the wire. */
public record StatusBody(
        String service,
        String database,
        boolean readOnly,
        boolean healthy,
        long configRevision,
        long generation,
        boolean restarting,
        int connectedDataplanes,
        boolean dataplanesInSync) {}
