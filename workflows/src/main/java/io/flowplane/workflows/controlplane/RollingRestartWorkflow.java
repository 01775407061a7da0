package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Restarts control planes one at a time; each must come back healthy (generation increased) and, for
 * xds-service, with every dataplane in sync before the next one goes. Stops at the first that does not.
 */
@WorkflowInterface
public interface RollingRestartWorkflow {
    String KIND = "rolling-restart";

    @WorkflowMethod
    RollingRestartResult restart(RollingRestartRequest request);

    @QueryMethod
    List<StepProgress> progress();
}
