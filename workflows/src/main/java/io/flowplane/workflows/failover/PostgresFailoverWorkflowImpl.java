package io.flowplane.workflows.failover;

import static io.flowplane.workflows.failover.FailoverSteps.AWAIT_APPROVAL;
import static io.flowplane.workflows.failover.FailoverSteps.PREFLIGHT;
import static io.flowplane.workflows.failover.FailoverSteps.VERIFY_PRIMARY;

import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
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
import java.util.Map;

public class PostgresFailoverWorkflowImpl implements PostgresFailoverWorkflow {
    /**
     * Versions the rule that an unplanned failover leaves lost control planes behind. Runs started before it failed
     * preflight when one did not answer, and their histories must replay that way: the new rule schedules other activities.
     */
    static final String LEAVES_LOST_CONTROL_PLANES = "unplanned-leaves-lost-control-planes";
    /** Versions the regional topology: candidate choice, the other replicas brought along, per-region read URLs. */
    static final String REGIONAL_TOPOLOGY = "regional-topology";

    private final Runbook runbook = new Runbook(KIND);
    private final StepCalls calls = new StepCalls(runbook);

    private FailoverRequest request;
    private boolean regional;
    private String target;
    private ClusterTopology cluster;
    private final OperatorDecisions decisions = new OperatorDecisions(runbook, AWAIT_APPROVAL);
    /** Decided once, in preflight: a control plane that comes back later is still not touched by this run. */
    private List<String> controlPlanesToMove = List.of();
    private List<LeftBehindControlPlane> leftBehind = List.of();
    private SurvivingReplicas survivors;
    private ControlPlaneMove move;

    @Override
    public FailoverResult failover(FailoverRequest request) {
        regional = Workflow.getVersion(REGIONAL_TOPOLOGY, Workflow.DEFAULT_VERSION, 1) >= 1;
        this.request = FailoverRequest.requireValid(request, regional);
        runbook.plan(FailoverSteps.of(request.mode(), regional));
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
    public String approveOverridingMaxLag(String approver) {
        return decisions.approveOverriding(approver);
    }

    @Override
    public void validateApproveOverridingMaxLag(String approver) {
        decisions.validateOverridingApproval(approver);
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
        // 2-6. Fence, record what the fenced primary holds, catch up, repoint the other replicas to the target, promote;
        // undone if anything fails before the promotion.
        FencedPromotion.Outcome fenced = new FencedPromotion(runbook, calls, decisions, name())
                .run(oldPrimary, target, request.effectiveReplayTimeoutSeconds(), this::repointReplicas);
        ConfigSnapshot fencedSnapshot = fenced.fencedSnapshot();
        // 7. The new primary is out of recovery, writable, and holds what the old one held.
        ConfigSnapshot after = verifyNewPrimary();
        // 8. The other replicas stream from it; its region's synchronous standby is named again.
        awaitReplicas();
        // 9. Every control plane writes to the new primary, and reads from its region's member.
        String database = move.switchTo(target);
        // 10. Restart them one at a time.
        move.restartOneAtATime(database, request.drainSeconds());
        // 11. Nothing lost, everyone on the new primary, every dataplane in sync.
        List<ControlPlaneStatus> statuses = verify(database, fencedSnapshot, after);
        return result(FailoverOutcome.COMPLETED, "promoted " + target + "; old primary " + oldPrimary
                + " is fenced (read-only) and must be rebuilt as a replica (docs/failover.md, \"Rebuilding the old primary"
                + " as a replica\")", preflight, fenced.promotion(), fencedSnapshot, after, statuses);
    }

    /** Failover from a lost primary: waits for a human to accept the data loss. */
    private FailoverResult unplanned(PreflightReport preflight) {
        DataLossApproval approval = new DataLossApproval(runbook, calls, decisions, name());
        // 2. How much the replica may be missing.
        String lag = approval.reportLag(target, cluster.regions(), regional ? preflight.members() : null, request.effectiveMaxLagBytes());
        // 3. Nothing is promoted without approval; the approver also sees which control planes stay behind.
        approval.await(lag, leftBehind.isEmpty() ? "" : "; these control planes did not answer and will not be switched,"
                + " they stay on the old primary: " + LeftBehindControlPlane.describe(leftBehind),
                leftBehind.isEmpty() ? "" : ", leaving behind " + LeftBehindControlPlane.describe(leftBehind), request.approvalTimeoutSeconds());
        // 4. The other replicas follow the target; then promote it.
        repointReplicas();
        PromotionResult promotion = new FencedPromotion(runbook, calls, decisions, name()).promote(target);
        // 5. The new primary is out of recovery and writable.
        ConfigSnapshot after = verifyNewPrimary();
        // 6. The other replicas stream from it; its region's synchronous standby is named again.
        awaitReplicas();
        // 7. Every control plane that answered in preflight onto the new primary; the lost ones are left behind.
        String database = move.switchTo(target);
        // 8. Restart them one at a time.
        move.restartOneAtATime(database, request.drainSeconds());
        // 9. The moved ones are on the new primary, every dataplane in sync; report the revision it holds.
        List<ControlPlaneStatus> statuses = verify(database, null, after);
        return result(FailoverOutcome.COMPLETED, "promoted " + target + " at revision " + after.revision()
                + ", data loss approved by " + decisions.approvedBy() + LeftBehindControlPlane.followUp(target, leftBehind),
                preflight, promotion, null, after, statuses);
    }

    private PreflightReport preflight() {
        cluster = calls.topology(PREFLIGHT, name()).describeCluster(name());
        if (request.promote() != null && !cluster.members().contains(request.promote())) {
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
        boolean leaveLost = mayLeaveLostControlPlanesBehind();
        PreflightReport report = regional ? PreflightCheck.regional(request, cluster.regions(), members, statuses, leaveLost)
                : PreflightCheck.evaluate(name(), request.mode(), request.promote(), members, statuses, leaveLost);
        target = report.target();
        if (!request.dryRun() && !report.problems().isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("preflight: " + String.join("; ", report.problems()), "PreflightFailed");
        }
        leftBehind = report.leftBehind();
        controlPlanesToMove = cluster.controlPlanes().stream().filter(url -> !report.leavesBehind(url)).toList();
        survivors = new SurvivingReplicas(runbook, calls, cluster);
        if (regional) {
            survivors.plan(request.mode(), report);
        }
        move = new ControlPlaneMove(runbook, name(), controlPlanesToMove, this::leftBehindNote);
        return report;
    }

    private boolean mayLeaveLostControlPlanesBehind() {
        return request.mode() == FailoverMode.UNPLANNED
                && Workflow.getVersion(LEAVES_LOST_CONTROL_PLANES, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    private void repointReplicas() {
        if (regional) {
            survivors.repoint(name(), target);
        }
    }

    /** After the promotion: the followers stream, and the control planes' read members are known from it. */
    private void awaitReplicas() {
        if (regional) {
            survivors.awaitFollowing(name(), target);
            Map<String, String> reads = survivors.readUrlNames(controlPlanesToMove, target);
            move = new ControlPlaneMove(runbook, name(), controlPlanesToMove, reads, this::leftBehindNote);
        }
    }

    private ConfigSnapshot verifyNewPrimary() {
        return runbook.run(VERIFY_PRIMARY, () -> {
            PostgresActivities postgres = calls.postgres(VERIFY_PRIMARY, target);
            postgres.verifyPrimary(name(), target);
            return postgres.snapshot(name(), target);
        }, snapshot -> target + " is a writable primary; " + describe(snapshot));
    }

    private List<ControlPlaneStatus> verify(String database, ConfigSnapshot before, ConfigSnapshot after) {
        // Compared with the snapshot taken before any control plane could write to the new primary.
        List<String> problems = before != null && !after.sameContentAs(before)
                ? List.of("the new primary holds " + describe(after) + " but the old one held " + describe(before)) : List.of();
        return move.verify(database, after, problems, before == null ? "" : "; revision and counts equal to before the failover");
    }

    private String leftBehindNote(String what) {
        return LeftBehindControlPlane.note(what, leftBehind);
    }

    private FailoverResult result(FailoverOutcome outcome, String detail, PreflightReport preflight, PromotionResult promotion,
            ConfigSnapshot before, ConfigSnapshot after, List<ControlPlaneStatus> statuses) {
        boolean aborted = outcome == FailoverOutcome.ABORTED;
        return new FailoverResult(name(), request.mode(), outcome, detail, preflight.primary(),
                promotion == null ? null : target, promotion != null && promotion.promotedByThisCall(),
                decisions.approvedBy(), runbook.plan(), preflight, before, after, statuses, aborted ? List.of() : leftBehind,
                runbook.progress(), aborted || survivors == null ? List.of() : survivors.leftBehind(),
                survivors == null ? null : survivors.streaming(), decisions.overriddenRule());
    }

    private String name() {
        return request.cluster();
    }

    private static String describe(ConfigSnapshot snapshot) {
        return "revision " + snapshot.revision() + ", counts " + snapshot.counts();
    }
}
