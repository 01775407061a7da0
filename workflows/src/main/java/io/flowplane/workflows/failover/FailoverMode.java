package io.flowplane.workflows.failover;

public enum FailoverMode {
    /** Healthy primary: fence, let the replica catch up, promote. No data loss. */
    PLANNED,
    /** Primary lost: promote only after someone accepts the data loss by signal. */
    UNPLANNED
}
