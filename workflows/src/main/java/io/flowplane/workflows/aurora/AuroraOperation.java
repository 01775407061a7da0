package io.flowplane.workflows.aurora;

import io.flowplane.workflows.activity.AuroraGlobalActivities;
import io.flowplane.workflows.activity.AuroraGlobalStatus;
import io.flowplane.workflows.activity.AuroraMoveStarted;
import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.controlplane.ControlPlaneMove;
import io.flowplane.workflows.failover.FailoverOutcome;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import io.flowplane.workflows.operation.OperationAborted;
import io.flowplane.workflows.operation.OperatorDecisions;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The steps the Aurora switchover and failover share: preflight, asking RDS, waiting for the new writer,
 * checking it, and moving the control planes. Each workflow's own method says the order, as a runbook.
 */
abstract class AuroraOperation {
    protected final Runbook runbook;
    protected final StepCalls calls;
    private final String kind;

    protected final OperatorDecisions decisions;
    protected AuroraRequest request;
    protected AuroraPreflightReport preflight;
    private AuroraMoveStarted moveStarted;
    private ControlPlaneMove move;

    AuroraOperation(String kind, List<String> plan) {
        this.kind = kind;
        this.runbook = new Runbook(kind);
        runbook.plan(plan);
        this.calls = new StepCalls(runbook);
        this.decisions = new OperatorDecisions(runbook, AuroraSteps.AWAIT_APPROVAL);
    }

    public String approve(String approver) {
        return decisions.approve(approver);
    }

    public void validateApprove(String approver) {
        decisions.validateApproval(approver);
    }

    public String requestAbort(String reason) {
        return decisions.abort(reason);
    }

    public void validateRequestAbort(String reason) {
        decisions.validateAbort(reason);
    }

    public void approveDataLoss(String approver) {
        decisions.approveSignal(approver);
    }

    public void abort(String reason) {
        decisions.abortSignal(reason);
    }

    public List<StepProgress> progress() {
        return runbook.progress();
    }

    /** Tags, counts and runs the body; a dry run stops after preflight, an abort before RDS is asked. */
    protected AuroraResult execute(AuroraRequest request, boolean planned, Supplier<AuroraResult> body) {
        this.request = validate(request);
        return runbook.operate(request.cluster(), () -> {
            try {
                // 1. Preflight: what RDS and the control planes say; nothing changes if it finds a problem.
                preflight = runbook.run(AuroraSteps.PREFLIGHT, () -> preflight(planned), AuroraPreflightReport::summary);
                return request.dryRun() ? dryRun() : body.get();
            } catch (OperationAborted aborted) {
                runbook.skipPending("aborted");
                return result(FailoverOutcome.ABORTED, "aborted: " + aborted.getMessage(), null, null, List.of());
            }
        }, result -> result.outcome() == FailoverOutcome.ABORTED);
    }

    private AuroraResult dryRun() {
        runbook.skipPending("dry run");
        return result(FailoverOutcome.DRY_RUN, "dry run: " + preflight.summary(), null, null, List.of());
    }

    private AuroraPreflightReport preflight(boolean planned) {
        ClusterTopology cluster = calls.topology(AuroraSteps.PREFLIGHT, request.cluster()).describeCluster(request.cluster());
        AuroraGlobalStatus global = calls.aurora(AuroraSteps.PREFLIGHT, request.cluster()).describe(request.cluster());
        List<ControlPlaneStatus> statuses = new ArrayList<>();
        for (String url : cluster.controlPlanes()) {
            statuses.add(calls.controlPlanes(AuroraSteps.PREFLIGHT, url).status(url));
        }
        AuroraPreflightReport report = AuroraPreflight.evaluate(request.cluster(), request.target(), planned, global, statuses);
        runbook.headline(global.globalClusterId() + ": writer " + global.writer().map(m -> m.clusterId() + " (" + m.region() + ")")
                .orElse("none") + " → " + request.target() + global.member(request.target()).map(m -> " (" + m.region() + ")").orElse(""));
        if (!request.dryRun() && !report.problems().isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("preflight: " + String.join("; ", report.problems()), "PreflightFailed");
        }
        List<String> moving = cluster.controlPlanes().stream().filter(url -> !report.leavesBehind(url)).toList();
        // After a switchover each region's control plane reads from its own region's reader (the clusters file's reads:).
        // After a failover the old writer's region is pending-resync or lost: everyone reads through the new writer.
        move = new ControlPlaneMove(runbook, request.cluster(), moving, planned ? cluster.readUrlNames() : Map.of(), this::leftBehindNote);
        return report;
    }

    /** Asks RDS once; from here on the writer moves whatever happens to this run. */
    protected void requestMove(String step, boolean allowDataLoss) {
        decisions.stopIfAborted();
        decisions.passPointOfNoReturn("the " + (allowDataLoss ? "failover" : "switchover") + " in RDS");
        AuroraGlobalActivities aurora = calls.aurora(step, request.target());
        moveStarted = runbook.run(step, () -> allowDataLoss
                ? aurora.failoverAllowingDataLoss(request.cluster(), request.target())
                : aurora.switchover(request.cluster(), request.target()), AuroraMoveStarted::detail);
    }

    protected void awaitNewWriter() {
        runbook.run(AuroraSteps.AWAIT_WRITER, () -> calls.aurora(AuroraSteps.AWAIT_WRITER, request.target()).awaitWriter(request.cluster(), request.target(),
                request.effectiveWriterTimeoutSeconds()), status -> request.target() + " is the available writer; " + status.summary());
    }

    /** The new writer takes writes and holds at least what {@code before} counted. */
    protected ConfigSnapshot verifyNewWriter(ConfigSnapshot before) {
        return runbook.run(AuroraSteps.VERIFY_WRITER, () -> {
            PostgresActivities postgres = calls.postgres(AuroraSteps.VERIFY_WRITER, request.target());
            postgres.verifyPrimary(request.cluster(), request.target());
            ConfigSnapshot after = postgres.snapshot(request.cluster(), request.target());
            if (before != null && after.revision() < before.revision()) {
                throw ApplicationFailure.newNonRetryableFailure(request.target() + " is at revision " + after.revision()
                        + ", behind the old writer's " + before.revision(), "RevisionBehind");
            }
            return after;
        }, after -> request.target() + " takes writes at revision " + after.revision() + ", counts " + after.counts());
    }

    /** The guide's steps 4 and 5: every control plane onto the new writer, restarted one at a time, verified. */
    protected List<ControlPlaneStatus> moveControlPlanes(ConfigSnapshot after) {
        String database = move.switchTo(request.target());
        move.restartOneAtATime(database, request.drainSeconds());
        return move.verify(database, after, List.of(), "");
    }

    protected AuroraResult result(FailoverOutcome outcome, String detail, ConfigSnapshot before, ConfigSnapshot after,
            List<ControlPlaneStatus> statuses) {
        return new AuroraResult(request.cluster(), kind, outcome, detail, preflight == null ? null : preflight.writer(),
                moveStarted == null ? null : request.target(), moveStarted != null && moveStarted.requestedByThisCall(), decisions.approvedBy(),
                runbook.plan(), preflight, before, after, statuses,
                outcome == FailoverOutcome.ABORTED || preflight == null ? List.of() : preflight.leftBehind(), runbook.progress());
    }

    protected String leftBehindNote(String what) {
        return preflight == null ? "" : LeftBehindControlPlane.note(what, preflight.leftBehind());
    }

    private static AuroraRequest validate(AuroraRequest request) {
        if (request == null || request.cluster() == null || request.cluster().isBlank()
                || request.target() == null || request.target().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("cluster and target are required", "InvalidRequest");
        }
        if (request.drainSeconds() < 0 || request.approvalTimeoutSeconds() < 0 || request.writerTimeoutSeconds() < 0) {
            throw ApplicationFailure.newNonRetryableFailure("durations must not be negative", "InvalidRequest");
        }
        return request;
    }

    static String describe(ConfigSnapshot snapshot) {
        return "revision " + snapshot.revision() + ", counts " + snapshot.counts();
    }
}
