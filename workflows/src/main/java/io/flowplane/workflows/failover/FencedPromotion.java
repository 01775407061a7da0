package io.flowplane.workflows.failover;

import static io.flowplane.workflows.failover.FailoverSteps.AWAIT_REPLAY;
import static io.flowplane.workflows.failover.FailoverSteps.FENCE;
import static io.flowplane.workflows.failover.FailoverSteps.PROMOTE;
import static io.flowplane.workflows.failover.FailoverSteps.READ_FINAL_LSN;
import static io.flowplane.workflows.failover.FailoverSteps.RECORD_REVISION;
import static io.flowplane.workflows.failover.FailoverSteps.UNFENCE;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.PromotionResult;
import io.flowplane.workflows.operation.Failures;
import io.flowplane.workflows.operation.OperatorDecisions;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;

/**
 * The planned failover's database half, steps 2 to 6: fence the old primary, record what it holds, wait for
 * the target to replay its last WAL, promote. Anything that stops it before the promotion un-fences the old
 * primary again, unless the target may have been promoted. Workflow code.
 */
final class FencedPromotion {
    /** The promotion, and what the fenced old primary held. */
    record Outcome(PromotionResult promotion, ConfigSnapshot fencedSnapshot) {}

    private final Runbook runbook;
    private final StepCalls calls;
    private final OperatorDecisions decisions;
    private final String cluster;

    FencedPromotion(Runbook runbook, StepCalls calls, OperatorDecisions decisions, String cluster) {
        this.runbook = runbook;
        this.calls = calls;
        this.decisions = decisions;
        this.cluster = cluster;
    }

    /** @param beforePromotion runs once the target holds everything, just before it is promoted */
    Outcome run(String oldPrimary, String target, int replayTimeoutSeconds, Runnable beforePromotion) {
        Saga saga = new Saga(new Saga.Options.Builder().build());
        try {
            decisions.stopIfAborted();
            saga.addCompensation(() -> unfenceUnlessPromoted(oldPrimary, target));
            // 2. Writes stop; control planes now see a read-only database.
            runbook.run(FENCE, () -> calls.postgres(FENCE, oldPrimary).fence(cluster, oldPrimary), r -> oldPrimary + " is read-only"
                    + (r.alreadyFenced() ? " (was already)" : "") + "; ended " + r.terminatedSessions() + " sessions");
            // 3. What the old primary holds, to compare with the new one: read after the fence, so writes
            // that land while the failover starts are counted on both sides.
            ConfigSnapshot fenced = runbook.run(RECORD_REVISION,
                    () -> calls.postgres(RECORD_REVISION, oldPrimary).snapshot(cluster, oldPrimary),
                    snapshot -> "revision " + snapshot.revision() + ", counts " + snapshot.counts());
            // 4. Nothing can be written after this position.
            String finalLsn = runbook.run(READ_FINAL_LSN, () -> calls.postgres(READ_FINAL_LSN, oldPrimary).finalWalLsn(cluster, oldPrimary),
                    lsn -> "final LSN " + lsn);
            // 5. The replica holds everything.
            runbook.run(AWAIT_REPLAY, () -> calls.postgres(AWAIT_REPLAY, target).awaitReplay(cluster, target, finalLsn, replayTimeoutSeconds),
                    r -> target + " replayed " + r.replayLsn() + " >= " + finalLsn);
            decisions.stopIfAborted();
            beforePromotion.run();
            // 6. Promote.
            return new Outcome(promote(target), fenced);
        } catch (RuntimeException e) {
            Workflow.newDetachedCancellationScope(() -> compensate(saga)).run();
            throw e;
        }
    }

    /** From here on an abort is refused. */
    PromotionResult promote(String target) {
        decisions.passPointOfNoReturn("the promotion");
        return runbook.run(PROMOTE, () -> calls.postgres(PROMOTE, target).promote(cluster, target), PromotionResult::detail);
    }

    /** Un-fencing while the target is (or may be) promoted would leave two writable primaries. */
    private void unfenceUnlessPromoted(String oldPrimary, String target) {
        runbook.add(UNFENCE);
        MemberStatus now = calls.postgres(UNFENCE, target).describeMember(cluster, target);
        if (!now.reachableReplica()) {
            runbook.skip(UNFENCE, "left fenced: " + target + (now.reachable() ? " is out of recovery" : " cannot be reached")
                    + ", so it may have been promoted");
            return;
        }
        runbook.run(UNFENCE, () -> calls.postgres(UNFENCE, oldPrimary).unfence(cluster, oldPrimary), oldPrimary + " takes writes again");
    }

    private void compensate(Saga saga) {
        try {
            saga.compensate();
        } catch (RuntimeException e) {
            runbook.fail(UNFENCE, "could not un-fence, " + Failures.describe(e.getCause() == null ? e : e.getCause())
                    + "; the old primary stays read-only until `ALTER SYSTEM RESET default_transaction_read_only`");
        }
    }
}
