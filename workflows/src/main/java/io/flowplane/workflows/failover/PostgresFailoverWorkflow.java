package io.flowplane.workflows.failover;

import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Moves a PostgreSQL cluster's primary to another member and the control planes with it: the guide's
 * "Manual Failover" runbook. Start it with workflow id {@code OperationIds.forCluster(cluster)} and
 * {@code WorkflowIdConflictPolicy.FAIL}, so only one operation per cluster runs at a time.
 */
@WorkflowInterface
public interface PostgresFailoverWorkflow extends OperatorActions {
    String KIND = "postgres-failover";

    @WorkflowMethod
    FailoverResult failover(FailoverRequest request);

    @QueryMethod
    List<StepProgress> progress();
}
