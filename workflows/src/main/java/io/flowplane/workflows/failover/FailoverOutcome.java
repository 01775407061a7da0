package io.flowplane.workflows.failover;

public enum FailoverOutcome {
    COMPLETED,
    DRY_RUN,
    /** Ended by {@code abort(reason)} or an approval timeout; nothing was promoted. */
    ABORTED
}
