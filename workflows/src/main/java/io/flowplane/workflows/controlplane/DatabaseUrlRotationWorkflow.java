package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Moves control planes, one at a time, to a database URL the worker's configuration names: a new primary,
 * or the same database with new credentials. If one does not come back healthy, the ones already moved are
 * switched back and the workflow fails with the reason.
 */
@WorkflowInterface
public interface DatabaseUrlRotationWorkflow {
    String KIND = "database-url-rotation";

    @WorkflowMethod
    RotationResult rotate(RotationRequest request);

    @QueryMethod
    List<StepProgress> progress();
}
