package io.flowplane.workflows.operation;

import java.util.List;

/** What every failover's result shows, whatever its kind: the steps, as the progress query last showed them. */
public interface OperationResult {
    List<StepProgress> steps();
}
