package io.flowplane.workflows.operation;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * An operation's approval and abort, as {@link OperatorActions} delivers them: who approved, why it is
 * aborting, and whether it has passed its point of no return. Workflow code, one per run.
 */
public final class OperatorDecisions {
    private final Runbook runbook;
    private final String approvalStep;
    private String approvedBy;
    private String abortReason;
    private String pointOfNoReturn;
    /** A rule the approval must override by name, as a replica further behind than max_lag_bytes; null when none. */
    private String ruleToOverride;
    private boolean overridden;

    /** @param approvalStep the runbook step that waits for approval, or null when the run never asks for one */
    public OperatorDecisions(Runbook runbook, String approvalStep) {
        this.runbook = runbook;
        this.approvalStep = approvalStep;
    }

    public void approveSignal(String approver) {
        if (approver != null && !approver.isBlank() && approvedBy == null && ruleToOverride == null) {
            approvedBy = approver;
        }
    }

    public void abortSignal(String reason) {
        if (abortReason == null && pointOfNoReturn == null) {
            abortReason = reason == null || reason.isBlank() ? "no reason given" : reason;
        }
    }

    public void validateApproval(String approver) {
        validateApprovalOfAnyKind(approver);
        if (ruleToOverride != null) {
            throw refused(ruleToOverride + "; an approval must override it (override_max_lag), or abort");
        }
    }

    /** An approval that also overrides {@link #requireOverride the rule}; refused when there is none to override. */
    public void validateOverridingApproval(String approver) {
        validateApprovalOfAnyKind(approver);
        if (ruleToOverride == null) {
            throw refused("no rule to override: approve without override_max_lag");
        }
    }

    private void validateApprovalOfAnyKind(String approver) {
        if (approver == null || approver.isBlank()) {
            throw refused("an approval names who gives it");
        }
        if (approvalStep == null || !runbook.plan().contains(approvalStep)) {
            throw refused("this run loses no data and awaits no approval");
        }
        if (approvedBy != null) {
            throw refused("already approved by " + approvedBy);
        }
        if (abortReason != null) {
            throw refused("the run is aborting: " + abortReason);
        }
        if (runbook.state(approvalStep) != StepState.WAITING_FOR_APPROVAL) {
            throw refused("nothing awaits approval: step " + approvalStep + " is " + runbook.state(approvalStep));
        }
    }

    public String approveOverriding(String approver) {
        overridden = true;
        approvedBy = approver;
        return "approved by " + approver + ", overriding: " + ruleToOverride + "; the run goes on past " + approvalStep;
    }

    /** The approval must override this rule ("eu-west-1 is 5 MiB behind ..., over max_lag_bytes 1 MiB"). */
    public void requireOverride(String rule) {
        ruleToOverride = rule;
    }

    /** The rule the approval overrode, or null. */
    public String overriddenRule() {
        return overridden ? ruleToOverride : null;
    }

    public String approve(String approver) {
        approvedBy = approver;
        return "approved by " + approver + "; the run goes on past " + approvalStep;
    }

    public void validateAbort(String reason) {
        if (pointOfNoReturn != null) {
            throw refused(pointOfNoReturn + " has begun; an abort can no longer stop the run");
        }
        if (abortReason != null) {
            throw refused("already aborting: " + abortReason);
        }
    }

    public String abort(String reason) {
        abortSignal(reason);
        return "aborting: " + abortReason + "; the run stops at its next step and changes nothing more";
    }

    /** From here on an abort is refused: {@code what} ("the promotion") cannot be undone. */
    public void passPointOfNoReturn(String what) {
        pointOfNoReturn = what;
    }

    public String approvedBy() {
        return approvedBy;
    }

    public String abortReason() {
        return abortReason;
    }

    public boolean decided() {
        return approvedBy != null || abortReason != null;
    }

    /**
     * Waits until someone approves or aborts, for ever when {@code timeoutSeconds} is 0; past the timeout the
     * run aborts itself with {@code timeoutReason}.
     */
    public void awaitDecision(long timeoutSeconds, String timeoutReason) {
        if (timeoutSeconds > 0) {
            if (!Workflow.await(Duration.ofSeconds(timeoutSeconds), this::decided)) {
                abortBecause(timeoutReason);
            }
        } else {
            Workflow.await(this::decided);
        }
    }

    /** Throws {@link OperationAborted} if an abort was taken. */
    public void stopIfAborted() {
        if (abortReason != null) {
            throw new OperationAborted(abortReason);
        }
    }

    /** The run's own abort, as when the approval timed out. */
    public void abortBecause(String reason) {
        abortReason = reason;
    }

    private static ApplicationFailure refused(String why) {
        return ApplicationFailure.newNonRetryableFailure(why, "Refused");
    }
}
