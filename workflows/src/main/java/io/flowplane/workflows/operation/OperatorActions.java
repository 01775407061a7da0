package io.flowplane.workflows.operation;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * What an operator asks of a running failover, whatever its kind. Every failover workflow interface
 * extends it, and the API calls through it, so a renamed method breaks the build rather than the approval.
 * The updates answer: a validator refuses what the run cannot take (nothing awaits approval, an approval
 * already given, an abort after the point of no return) before anything is written to history, and the
 * handler says what the run does with what it took. The signals stay for runs started before the updates
 * existed and for {@code temporal workflow signal}; they are silently ignored where an update is refused.
 */
@WorkflowInterface
public interface OperatorActions {
    /** Accept losing what the target had not received, and go on. */
    @UpdateMethod
    String approve(String approver);

    @UpdateValidatorMethod(updateName = "approve")
    void validateApprove(String approver);

    /** Stop without changing the database, if nothing irreversible has begun. */
    @UpdateMethod
    String requestAbort(String reason);

    @UpdateValidatorMethod(updateName = "requestAbort")
    void validateRequestAbort(String reason);

    @SignalMethod
    void approveDataLoss(String approver);

    @SignalMethod
    void abort(String reason);
}
