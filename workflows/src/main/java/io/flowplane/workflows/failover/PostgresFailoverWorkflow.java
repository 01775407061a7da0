package io.flowplane.workflows.failover;

import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
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

    /**
     * As {@link #approve}, and overrides the max_lag_bytes rule: promote a target further behind the most advanced
     * replica than the request allows. Refused when the run breaks no rule.
     */
    @UpdateMethod
    String approveOverridingMaxLag(String approver);

    @UpdateValidatorMethod(updateName = "approveOverridingMaxLag")
    void validateApproveOverridingMaxLag(String approver);

    @QueryMethod
    List<StepProgress> progress();
}
