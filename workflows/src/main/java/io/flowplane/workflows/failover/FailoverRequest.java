package io.flowplane.workflows.failover;

/**
 * @param cluster                a cluster of the worker's configuration (FLOWPLANE_DATABASE_CLUSTERS)
 * @param promote                the member to promote
 * @param dryRun                 preflight only; return the plan and change nothing
 * @param drainSeconds           passed to each control plane's restart
 * @param approvalTimeoutSeconds unplanned only: end as aborted when no approval came in this long; 0 waits forever
 * @param replayTimeoutSeconds   planned only: how long the fenced primary may wait for the replica; 0 means 120
 */
public record FailoverRequest(
        String cluster,
        String promote,
        FailoverMode mode,
        boolean dryRun,
        int drainSeconds,
        long approvalTimeoutSeconds,
        int replayTimeoutSeconds) {

    public static final int DEFAULT_REPLAY_TIMEOUT_SECONDS = 120;

    public static FailoverRequest planned(String cluster, String promote) {
        return new FailoverRequest(cluster, promote, FailoverMode.PLANNED, false, 5, 0, 0);
    }

    public static FailoverRequest unplanned(String cluster, String promote) {
        return new FailoverRequest(cluster, promote, FailoverMode.UNPLANNED, false, 5, 0, 0);
    }

    public FailoverRequest asDryRun() {
        return new FailoverRequest(cluster, promote, mode, true, drainSeconds, approvalTimeoutSeconds, replayTimeoutSeconds);
    }

    public FailoverRequest withApprovalTimeoutSeconds(long seconds) {
        return new FailoverRequest(cluster, promote, mode, dryRun, drainSeconds, seconds, replayTimeoutSeconds);
    }

    public int effectiveReplayTimeoutSeconds() {
        return replayTimeoutSeconds > 0 ? replayTimeoutSeconds : DEFAULT_REPLAY_TIMEOUT_SECONDS;
    }
}
