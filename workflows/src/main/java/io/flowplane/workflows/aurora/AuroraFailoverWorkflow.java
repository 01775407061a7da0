package io.flowplane.workflows.aurora;

import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The unplanned move of an Aurora Global Database's writer (FailoverGlobalCluster with AllowDataLoss), for
 * when the writer's region is lost. Nothing destructive is asked of RDS until someone named approves.
 */
@WorkflowInterface
public interface AuroraFailoverWorkflow extends OperatorActions {
    String KIND = "aurora-failover";

    @WorkflowMethod
    AuroraResult failover(AuroraRequest request);

    @QueryMethod
    List<StepProgress> progress();
}
