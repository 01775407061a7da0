package io.flowplane.workflows.failover;

import static io.flowplane.workflows.failover.FailoverSteps.AWAIT_APPROVAL;
import static io.flowplane.workflows.failover.FailoverSteps.REPORT_LAG;

import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.RegionalTopology;
import io.flowplane.workflows.operation.OperatorDecisions;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * The unplanned failover's steps 2 and 3: say what promoting the target may lose, then wait for a named person to
 * accept it (and, for a target further behind than max_lag_bytes, to override that rule by name). Workflow code.
 */
final class DataLossApproval {
    private final Runbook runbook;
    private final StepCalls calls;
    private final OperatorDecisions decisions;
    private final String cluster;

    DataLossApproval(Runbook runbook, StepCalls calls, OperatorDecisions decisions, String cluster) {
        this.runbook = runbook;
        this.calls = calls;
        this.decisions = decisions;
        this.cluster = cluster;
    }

    /**
     * Step 2. With the topology known ({@code preflightMembers} not null), also what the role means for acknowledged
     * writes, how far behind the most advanced reachable replica it is, and whether that breaks the max_lag_bytes rule.
     */
    String reportLag(String target, RegionalTopology regions, List<MemberStatus> preflightMembers, long maxLagBytes) {
        return runbook.run(REPORT_LAG, () -> {
            MemberStatus replica = calls.postgres(REPORT_LAG, target).describeMember(cluster, target);
            if (!replica.reachable()) {
                throw ApplicationFailure.newFailure(target + " is unreachable: " + replica.error(), "MemberUnreachable");
            }
            Long unapplied = Lsn.bytesBetween(replica.receiveLsn(), replica.replayLsn());
            String lag = target + ": last replayed transaction " + replica.lastReplayAgeSeconds() + " s ago; received "
                    + replica.receiveLsn() + ", replayed " + replica.replayLsn() + " (" + unapplied + " B received but not applied)";
            return preflightMembers == null ? lag : lag + "; " + loss(target, regions, preflightMembers, maxLagBytes);
        }, text -> text);
    }

    private String loss(String target, RegionalTopology regions, List<MemberStatus> members, long maxLagBytes) {
        Long behind = CandidateChoice.bytesBehindBest(target, members);
        String ahead = CandidateChoice.mostAdvancedOther(target, members);
        String position = behind == null || ahead == null ? "" : behind == 0 ? ", and no reachable replica holds more WAL"
                : ", " + behind + " B behind " + ahead + ", the most advanced reachable replica";
        if (behind != null && behind > maxLagBytes) {
            decisions.requireOverride(target + " is " + behind + " B behind " + ahead + ", over max_lag_bytes " + maxLagBytes);
        }
        if (regions.synchronous(target)) {
            return target + " is a synchronous replica: while it streamed, the primary acknowledged no commit it had not"
                    + " flushed, so no acknowledged write is lost" + position;
        }
        return target + " is an asynchronous replica: writes the primary acknowledged after it last received are lost" + position;
    }

    /** Step 3. Nothing is promoted without approval; the approver also sees who and what stays behind. */
    void await(String lag, String leftBehindWarning, String leavingBehind, long timeoutSeconds) {
        runbook.waitForApproval(AWAIT_APPROVAL, "writes after " + lag + " may be lost" + leftBehindWarning
                + "; approve(approver) to promote, or abort(reason) to stop");
        decisions.awaitDecision(timeoutSeconds, "approval timed out");
        if (decisions.abortReason() != null) {
            runbook.skip(AWAIT_APPROVAL, "aborted: " + decisions.abortReason());
            decisions.stopIfAborted();
        }
        String overridden = decisions.overriddenRule();
        runbook.finish(AWAIT_APPROVAL, "data loss approved by " + decisions.approvedBy()
                + (overridden == null ? "" : ", overriding: " + overridden) + leavingBehind);
    }
}
