package io.flowplane.workflows.aurora;

/**
 * An Aurora Global Database switchover or failover.
 *
 * @param cluster                the worker's name for the cluster (its clusters file has an {@code aurora:} section)
 * @param target                 the regional DB cluster identifier that becomes the writer
 * @param dryRun                 run preflight only and return the plan
 * @param drainSeconds           each control plane's drain before its restart
 * @param approvalTimeoutSeconds failover only: how long to wait for approval; 0 waits for ever
 * @param writerTimeoutSeconds   how long RDS may take until the target is the available writer; 0 for the default
 */
public record AuroraRequest(String cluster, String target, boolean dryRun, int drainSeconds, int approvalTimeoutSeconds,
        int writerTimeoutSeconds) {
    /** AWS quotes minutes for a switchover; past half an hour something is wrong and someone should look. */
    public static final int DEFAULT_WRITER_TIMEOUT_SECONDS = 1800;

    public static AuroraRequest of(String cluster, String target) {
        return new AuroraRequest(cluster, target, false, 5, 0, 0);
    }

    public int effectiveWriterTimeoutSeconds() {
        return writerTimeoutSeconds > 0 ? writerTimeoutSeconds : DEFAULT_WRITER_TIMEOUT_SECONDS;
    }
}
