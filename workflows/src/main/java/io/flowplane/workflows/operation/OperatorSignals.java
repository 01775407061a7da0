package io.flowplane.workflows.operation;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * What an operator sends a running failover, whatever its kind. Every failover workflow interface extends
 * it, and the API signals through it, so a renamed signal breaks the build rather than the approval.
 */
@WorkflowInterface
public interface OperatorSignals {
    /** Accept losing what the target had not received, and go on. Ignored by operations that lose nothing. */
    @SignalMethod
    void approveDataLoss(String approver);

    /** Ends the operation without changing the database, if nothing irreversible has begun. */
    @SignalMethod
    void abort(String reason);
}
