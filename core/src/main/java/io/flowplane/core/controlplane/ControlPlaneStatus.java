package io.flowplane.core.controlplane;

/**
 * What a control-plane process reports to the failover workflows. {@code connectedDataplanes} and
 * {@code dataplanesInSync} are meaningful for xds-service only.
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
        boolean dataplanesInSync) {}
