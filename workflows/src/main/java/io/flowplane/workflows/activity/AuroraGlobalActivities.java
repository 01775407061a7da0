package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * Amazon RDS calls on the Aurora Global Database the worker's configuration names for {@code cluster}
 * ({@code aurora.global_cluster}). Members are regional DB cluster identifiers. Every method is idempotent:
 * a retry after a call that got through finds the operation begun, or done, and does not ask again.
 */
@ActivityInterface(namePrefix = "Aurora")
public interface AuroraGlobalActivities {
    /** DescribeGlobalClusters and DescribeDBClusters. Non-retryable {@code GlobalClusterNotFound}. */
    AuroraGlobalStatus describe(String cluster);

    /**
     * SwitchoverGlobalCluster (planned, no data loss) to {@code target}, unless it is already the writer or a
     * switchover to it is under way. Non-retryable {@code GlobalClusterNotFound}, {@code DBClusterNotFound},
     * {@code InvalidRequest}.
     */
    AuroraMoveStarted switchover(String cluster, String target);

    /**
     * FailoverGlobalCluster with AllowDataLoss to {@code target}: writes the old writer had not replicated
     * are lost. Only called once someone approved it. Same idempotence and failures as {@link #switchover}.
     */
    AuroraMoveStarted failoverAllowingDataLoss(String cluster, String target);

    /**
     * Polls DescribeGlobalClusters, heartbeating, until {@code target} is the writer, no failover or
     * switchover is in progress, and the global cluster and {@code target} are available. Non-retryable
     * {@code NewWriterNotReady} after {@code timeoutSeconds}.
     */
    AuroraGlobalStatus awaitWriter(String cluster, String target, int timeoutSeconds);
}
