package io.flowplane.workflows.failover;

import io.temporal.failure.ApplicationFailure;

/**
 * @param cluster                a cluster of the worker's configuration (FLOWPLANE_DATABASE_CLUSTERS)
 * @param promote                the member to promote; null: preflight chooses ({@link CandidateChoice})
 * @param dryRun                 preflight only; return the plan and change nothing
 * @param drainSeconds           passed to each control plane's restart
 * @param approvalTimeoutSeconds unplanned only: end as aborted when no approval came in this long; 0 waits forever
 * @param replayTimeoutSeconds   planned only: how long the fenced primary may wait for the replica; 0 means 120
 * @param preferRegion           when {@code promote} is null: choose a member of this region if one can be promoted
 * @param maxLagBytes            unplanned only: a target further behind the most advanced replica than this waits for an
 *                               approval that overrides the rule; 0 means {@link CandidateChoice#DEFAULT_MAX_LAG_BYTES}
 */
public record FailoverRequest(
        String cluster,
        String promote,
        FailoverMode mode,
        boolean dryRun,
        int drainSeconds,
        long approvalTimeoutSeconds,
        int replayTimeoutSeconds,
        String preferRegion,
        long maxLagBytes) {

    public static final int DEFAULT_REPLAY_TIMEOUT_SECONDS = 120;

    public FailoverRequest(String cluster, String promote, FailoverMode mode, boolean dryRun, int drainSeconds,
            long approvalTimeoutSeconds, int replayTimeoutSeconds) {
        this(cluster, promote, mode, dryRun, drainSeconds, approvalTimeoutSeconds, replayTimeoutSeconds, null, 0);
    }

    public static FailoverRequest planned(String cluster, String promote) {
        return new FailoverRequest(cluster, promote, FailoverMode.PLANNED, false, 5, 0, 0);
    }

    public static FailoverRequest unplanned(String cluster, String promote) {
        return new FailoverRequest(cluster, promote, FailoverMode.UNPLANNED, false, 5, 0, 0);
    }

    public FailoverRequest asDryRun() {
        return new FailoverRequest(cluster, promote, mode, true, drainSeconds, approvalTimeoutSeconds, replayTimeoutSeconds,
                preferRegion, maxLagBytes);
    }

    public FailoverRequest withApprovalTimeoutSeconds(long seconds) {
        return new FailoverRequest(cluster, promote, mode, dryRun, drainSeconds, seconds, replayTimeoutSeconds, preferRegion,
                maxLagBytes);
    }

    public FailoverRequest choosing(String preferredRegion, long maxLag) {
        return new FailoverRequest(cluster, promote, mode, dryRun, drainSeconds, approvalTimeoutSeconds, replayTimeoutSeconds,
                preferredRegion, maxLag);
    }

    public long effectiveMaxLagBytes() {
        return maxLagBytes > 0 ? maxLagBytes : CandidateChoice.DEFAULT_MAX_LAG_BYTES;
    }

    public int effectiveReplayTimeoutSeconds() {
        return replayTimeoutSeconds > 0 ? replayTimeoutSeconds : DEFAULT_REPLAY_TIMEOUT_SECONDS;
    }

    /** Non-retryable {@code InvalidRequest} naming what is missing or negative. */
    static FailoverRequest requireValid(FailoverRequest request, boolean mayOmitPromote) {
        boolean promoteMissing = request == null || request.promote() == null ? !mayOmitPromote : request.promote().isBlank();
        if (request == null || request.cluster() == null || request.cluster().isBlank() || request.mode() == null || promoteMissing) {
            throw ApplicationFailure.newNonRetryableFailure("cluster and mode are required, and promote unless preflight"
                    + " is to choose", "InvalidRequest");
        }
        if (request.drainSeconds() < 0 || request.approvalTimeoutSeconds() < 0 || request.replayTimeoutSeconds() < 0
                || request.maxLagBytes() < 0) {
            throw ApplicationFailure.newNonRetryableFailure("durations and max_lag_bytes must not be negative", "InvalidRequest");
        }
        return request;
    }
}
