package io.flowplane.core.controlplane;

/**
 * What a control-plane process reports to the failover workflows. {@code connectedDataplanes} and
 * {@code dataplanesInSync} are meaningful for xds-service only. {@code readDatabase} is where it reads
 * (host:port/database): its read pool for api-service, the one database of xds-service.
 */
public record ControlPlaneStatus(
        String service,
        String database,
        String databaseUrlSource,
        boolean readOnly,
        boolean healthy,
        long configRevision,
        long generation,
        boolean restarting,
        int connectedDataplanes,
        boolean dataplanesInSync,
        String readDatabase) {}
