package io.flowplane.workflows.activity;

/**
 * What "back and healthy" means for one control plane.
 *
 * @param database                host:port/database it must report, or null for any
 * @param generationAbove         its generation must exceed this (after a restart), or -1
 * @param requireWritable         it must not report read_only
 * @param requireDataplanesInSync every connected dataplane has ACKed the current version (xds-service)
 * @param timeoutSeconds          give up (non-retryable {@code NotHealthy}) after this long
 */
public record HealthExpectation(
        String database, long generationAbove, boolean requireWritable, boolean requireDataplanesInSync, int timeoutSeconds) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 300;

    public boolean isMetBy(ControlPlaneStatus status) {
        return status.reachable() && status.healthy() && !status.restarting()
                && status.generation() > generationAbove
                && (database == null || database.equals(status.database()))
                && (!requireWritable || !status.readOnly())
                && (!requireDataplanesInSync || !status.servesDataplanes() || status.dataplanesInSync());
    }
}
