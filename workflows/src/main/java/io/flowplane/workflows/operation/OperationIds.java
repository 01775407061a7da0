package io.flowplane.workflows.operation;

/**
 * Workflow ids of database operations. One id per cluster, started with {@code WorkflowIdConflictPolicy.FAIL},
 * means Temporal itself refuses a second failover, rotation or restart of a cluster while one runs.
 */
public final class OperationIds {
    private OperationIds() {}

    public static String forCluster(String cluster) {
        return "database-operation-" + cluster;
    }
}
