package io.flowplane.workflows.aurora;

import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The planned move of an Aurora Global Database's writer to another region (SwitchoverGlobalCluster, no data
 * loss), then the control planes with it. One operation per cluster, as every Flowplane operation.
 */
@WorkflowInterface
public interface AuroraSwitchoverWorkflow extends OperatorActions {
    String KIND = "aurora-switchover";

    @WorkflowMethod
    AuroraResult switchover(AuroraRequest request);

    @QueryMethod
    List<StepProgress> progress();
}
