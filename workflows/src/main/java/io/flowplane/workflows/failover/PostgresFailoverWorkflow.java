package io.flowplane.workflows.failover;

import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Moves a PostgreSQL cluster's primary to another member and the control planes with it: the guide's
 * "Manual Failover" runbook. Start it with workflow id {@code OperationIds.forCluster(cluster)} and
 * {@code WorkflowIdConflictPolicy.FAIL}, so only one operation per cluster runs at a time.
 */
@WorkflowInterface
public interface PostgresFailoverWorkflow {
    String KIND = "postgres-failover";

    @WorkflowMethod
    FailoverResult failover(FailoverRequest request);

    /** Unplanned mode: accept losing what the replica had not received, and promote. */
    @SignalMethod
    void approveDataLoss(String approver);

    /** Ends the workflow without promoting, if promotion has not begun. */
    @SignalMethod
    void abort(String reason);

    @QueryMethod
    List<StepProgress> progress();
}
