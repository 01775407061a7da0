package io.flowplane.workflows.failover;

import static io.flowplane.workflows.failover.FailoverSteps.AWAIT_APPROVAL;
import static io.flowplane.workflows.failover.FailoverSteps.PREFLIGHT;
import static io.flowplane.workflows.failover.FailoverSteps.REPORT_LAG;
import static io.flowplane.workflows.failover.FailoverSteps.VERIFY_PRIMARY;

import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.activity.PromotionResult;
import io.flowplane.workflows.controlplane.ControlPlaneMove;
import io.flowplane.workflows.operation.OperationAborted;
import io.flowplane.workflows.operation.OperatorDecisions;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

public class PostgresFailoverWorkflowImpl implements PostgresFailoverWorkflow {
    /**
     * Versions the rule that an unplanned failover leaves lost control planes behind. Runs started before it failed
     * preflight when one did not answer, and their histories must replay that way: the new rule schedules other activities.
     */
    static final String LEAVES_LOST_CONTROL_PLANES = "unplanned-leaves-lost-control-planes";

    private final Runbook runbook = new Runbook(KIND);
    private final StepCalls calls = new StepCalls(runbook);

    private FailoverRequest request;
    private ClusterTopology cluster;
    private final OperatorDecisions decisions = new OperatorDecisions(runbook, AWAIT_APPROVAL);
    private ConfigSnapshot fencedSnapshot;
    /** Decided once, in preflight: a control plane that comes back later is still not touched by this run. */
    private List<String> controlPlanesToMove = List.of();
    private List<LeftBehindControlPlane> leftBehind = List.of();
    private ControlPlaneMove move;

    @Override
    public FailoverResult failover(FailoverRequest request) {
        this.request = validate(request);
        runbook.plan(FailoverSteps.of(request.mode()));
        return runbook.operate(request.cluster(), this::run, result -> result.outcome() == FailoverOutcome.ABORTED);
    }

    @Override
    public String approve(String approver) {
        return decisions.approve(approver);
    }

    @Override
    public void validateApprove(String approver) {
        decisions.validateApproval(approver);
    }

    @Override
    public String requestAbort(String reason) {
        return decisions.abort(reason);
    }

    @Override
    public void validateRequestAbort(String reason) {
        decisions.validateAbort(reason);
    }

    @Override
    public void approveDataLoss(String approver) {
        decisions.approveSignal(approver);
    }

    @Override
    public void abort(String reason) {
        decisions.abortSignal(reason);
    }

    @Override
    public List<StepProgress> progress() {
        return runbook.progress();
    }

    private FailoverResult run() {
        PreflightReport preflight = runbook.run(PREFLIGHT, this::preflight, PreflightReport::summary);
        if (request.dryRun()) {
            runbook.skipPending("dry run");
            return result(FailoverOutcome.DRY_RUN, "dry run: " + preflight.summary(), preflight, null, null, null, List.of());
        }
        try {
            return request.mode() == FailoverMode.PLANNED ? planned(preflight) : unplanned(preflight);
        } catch (OperationAborted aborted) {
            runbook.skipPending("aborted");
            return result(FailoverOutcome.ABORTED, "aborted: " + aborted.getMessage(), preflight, null, null, null, List.of());
        }
    }

    /** Switchover from a healthy primary: no data loss, the old primary ends fenced. */
    private FailoverResult planned(PreflightReport preflight) {
        String oldPrimary = preflight.primary();
        String target = request.promote();
        // 2-6. Fence, record what the fenced primary holds, catch up, promote; undone if anything fails before the promotion.
        FencedPromotion.Outcome fenced = new FencedPromotion(runbook, calls, decisions, name())
                .run(oldPrimary, target, request.effectiveReplayTimeoutSeconds());
        fencedSnapshot = fenced.fencedSnapshot();
        PromotionResult promotion = fenced.promotion();
        // 7. The new primary is out of recovery, writable, and holds what the old one held.
        ConfigSnapshot after = verifyNewPrimary(target);
        // 8. Every control plane onto the new primary.
        String database = switchControlPlanes(target);
        // 9. Restart them one at a time.
        restartControlPlanes(database);
        // 10. Nothing lost, everyone on the new primary, every dataplane in sync.
        List<ControlPlaneStatus> statuses = verify(database, fencedSnapshot, after);
        return result(FailoverOutcome.COMPLETED, "promoted " + target + "; old primary " + oldPrimary
                + " is fenced (read-only) and must be rebuilt as a replica (docs/failover.md, \"Rebuilding the old primary"
                + " as a replica\")", preflight, promotion, fencedSnapshot, after, statuses);
    }

    /** Failover from a lost primary: waits for a human to accept the data loss. */
    private FailoverResult unplanned(PreflightReport preflight) {
        String target = request.promote();
        // 2. How much the replica may be missing.
        String lag = runbook.run(REPORT_LAG, () -> lastKnownLag(target), text -> text);
        // 3. Nothing is promoted without approval; the approver also sees which control planes stay behind.
        awaitApproval(lag);
        // 4. Promote.
        PromotionResult promotion = new FencedPromotion(runbook, calls, decisions, name()).promote(target);
        // 5. The new primary is out of recovery and writable.
        ConfigSnapshot after = verifyNewPrimary(target);
        // 6. Every control plane that answered in preflight onto the new primary; the lost ones are left behind.
        String database = switchControlPlanes(target);
        // 7. Restart them one at a time.
        restartControlPlanes(database);
        // 8. The moved ones are on the new primary, every dataplane in sync; report the revision it holds.
        List<ControlPlaneStatus> statuses = verify(database, null, after);
        return result(FailoverOutcome.COMPLETED, "promoted " + target + " at revision " + after.revision()
                + ", data loss approved by " + decisions.approvedBy() + LeftBehindControlPlane.followUp(target, leftBehind), preflight, promotion, null, after, statuses);
    }

    private PreflightReport preflight() {
        cluster = calls.topology(PREFLIGHT, name()).describeCluster(name());
        if (!cluster.members().contains(request.promote())) {
            throw ApplicationFailure.newNonRetryableFailure("cluster " + name() + " has no member " + request.promote()
                    + "; members: " + cluster.members(), "UnknownMember");
        }
        List<MemberStatus> members = new ArrayList<>();
        for (String member : cluster.members()) {
            members.add(calls.postgres(PREFLIGHT, member).describeMember(name(), member));
        }
        List<ControlPlaneStatus> statuses = new ArrayList<>();
        for (String url : cluster.controlPlanes()) {
            statuses.add(calls.controlPlanes(PREFLIGHT, url).status(url));
        }
        PreflightReport report = PreflightCheck.evaluate(name(), request.mode(), request.promote(), members, statuses,
                mayLeaveLostControlPlanesBehind());
        if (!request.dryRun() && !report.problems().isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("preflight: " + String.join("; ", report.problems()), "PreflightFailed");
        }
        leftBehind = report.leftBehind();
        controlPlanesToMove = cluster.controlPlanes().stream().filter(url -> !report.leavesBehind(url)).toList();
        move = new ControlPlaneMove(runbook, name(), controlPlanesToMove, this::leftBehindNote);
        return report;
    }

    private boolean mayLeaveLostControlPlanesBehind() {
        return request.mode() == FailoverMode.UNPLANNED
                && Workflow.getVersion(LEAVES_LOST_CONTROL_PLANES, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    private ConfigSnapshot verifyNewPrimary(String target) {
        return runbook.run(VERIFY_PRIMARY, () -> {
            PostgresActivities postgres = calls.postgres(VERIFY_PRIMARY, target);
            postgres.verifyPrimary(name(), target);
            return postgres.snapshot(name(), target);
        }, snapshot -> target + " is a writable primary; " + describe(snapshot));
    }

    private String switchControlPlanes(String target) {
        return move.switchTo(target);
    }

    private void restartControlPlanes(String database) {
        move.restartOneAtATime(database, request.drainSeconds());
    }

    private List<ControlPlaneStatus> verify(String database, ConfigSnapshot before, ConfigSnapshot after) {
        // Compared with the snapshot taken before any control plane could write to the new primary.
        List<String> problems = before != null && !after.sameContentAs(before)
                ? List.of("the new primary holds " + describe(after) + " but the old one held " + describe(before)) : List.of();
        return move.verify(database, after, problems, before == null ? "" : "; revision and counts equal to before the failover");
    }

    private String lastKnownLag(String target) {
        MemberStatus replica = calls.postgres(REPORT_LAG, target).describeMember(name(), target);
        if (!replica.reachable()) {
            throw ApplicationFailure.newFailure(target + " is unreachable: " + replica.error(), "MemberUnreachable");
        }
        Long unapplied = Lsn.bytesBetween(replica.receiveLsn(), replica.replayLsn());
        return target + ": last replayed transaction " + replica.lastReplayAgeSeconds() + " s ago; received "
                + replica.receiveLsn() + ", replayed " + replica.replayLsn() + " (" + unapplied + " B received but not applied)";
    }

    private void awaitApproval(String lag) {
        String leftBehindWarning = leftBehind.isEmpty() ? "" : "; these control planes did not answer and will not be switched,"
                + " they stay on the old primary: " + LeftBehindControlPlane.describe(leftBehind);
        runbook.waitForApproval(AWAIT_APPROVAL, "writes after " + lag + " may be lost" + leftBehindWarning
                + "; approve(approver) to promote, or abort(reason) to stop");
        decisions.awaitDecision(request.approvalTimeoutSeconds(), "approval timed out");
        if (decisions.abortReason() != null) {
            runbook.skip(AWAIT_APPROVAL, "aborted: " + decisions.abortReason());
            decisions.stopIfAborted();
        }
        runbook.finish(AWAIT_APPROVAL, "data loss approved by " + decisions.approvedBy()
                + (leftBehind.isEmpty() ? "" : ", leaving behind " + LeftBehindControlPlane.describe(leftBehind)));
    }

    private String leftBehindNote(String what) {
        return LeftBehindControlPlane.note(what, leftBehind);
    }

    private FailoverResult result(FailoverOutcome outcome, String detail, PreflightReport preflight, PromotionResult promotion,
            ConfigSnapshot before, ConfigSnapshot after, List<ControlPlaneStatus> statuses) {
        return new FailoverResult(name(), request.mode(), outcome, detail, preflight.primary(),
                promotion == null ? null : request.promote(), promotion != null && promotion.promotedByThisCall(),
                decisions.approvedBy(), runbook.plan(), preflight, before, after, statuses,
                outcome == FailoverOutcome.ABORTED ? List.of() : leftBehind, runbook.progress());
    }

    private String name() {
        return request.cluster();
    }

    private static String describe(ConfigSnapshot snapshot) {
        return "revision " + snapshot.revision() + ", counts " + snapshot.counts();
    }

    private static FailoverRequest validate(FailoverRequest request) {
        if (request == null || request.cluster() == null || request.cluster().isBlank()
                || request.promote() == null || request.promote().isBlank() || request.mode() == null) {
            throw ApplicationFailure.newNonRetryableFailure("cluster, promote and mode are required", "InvalidRequest");
        }
        if (request.drainSeconds() < 0 || request.approvalTimeoutSeconds() < 0 || request.replayTimeoutSeconds() < 0) {
            throw ApplicationFailure.newNonRetryableFailure("durations must not be negative", "InvalidRequest");
        }
        return request;
    }
}
