package io.flowplane.workflows.operation;

/**
 * Ends a runbook early by the operator's choice (or an approval that never came). The workflow catches it
 * and returns an ABORTED result; it never escapes the workflow method.
 */
public final class OperationAborted extends RuntimeException {
    public OperationAborted(String reason) {
        super(reason, null, false, false);
    }
}
