package io.flowplane.workflows.aurora;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.failover.FailoverOutcome;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import java.util.List;

public class AuroraFailoverWorkflowImpl extends AuroraOperation implements AuroraFailoverWorkflow {
    public AuroraFailoverWorkflowImpl() {
        super(KIND, AuroraSteps.FAILOVER);
    }

    @Override
    public AuroraResult failover(AuroraRequest request) {
        return execute(request, false, this::run);
    }

    private AuroraResult run() {
        // 2. Nothing destructive is asked of RDS until someone named accepts the loss.
        awaitApproval();
        // 3. FailoverGlobalCluster with AllowDataLoss: the target is promoted without waiting for the old writer.
        requestMove(AuroraSteps.REQUEST_FAILOVER, true);
        // 4. Until RDS reports the target as the available writer.
        awaitNewWriter();
        // 5. The new writer takes writes.
        ConfigSnapshot after = verifyNewWriter(null);
        // 6-8. Every control plane that answered in preflight onto the new writer, restarted one at a time, verified.
        List<ControlPlaneStatus> statuses = moveControlPlanes(after);
        return result(FailoverOutcome.COMPLETED, "failed " + request.cluster() + " over to " + request.target() + " at revision "
                + after.revision() + ", data loss approved by " + decisions.approvedBy() + "; the old writer " + preflight.writer()
                + " must be rebuilt as a secondary before it serves again" + leftBehindNote("left on the old writer"), null, after, statuses);
    }

    private void awaitApproval() {
        String leftBehind = preflight.leftBehind().isEmpty() ? "" : "; these control planes did not answer and will not be switched: "
                + LeftBehindControlPlane.describe(preflight.leftBehind());
        runbook.waitForApproval(AuroraSteps.AWAIT_APPROVAL, "writes " + preflight.writer() + " had not replicated to "
                + request.target() + " will be lost" + leftBehind + "; approve to fail over, or abort");
        decisions.awaitDecision(request.approvalTimeoutSeconds(), "approval timed out after " + request.approvalTimeoutSeconds() + " s");
        if (decisions.abortReason() != null) {
            runbook.skip(AuroraSteps.AWAIT_APPROVAL, "aborted: " + decisions.abortReason());
            decisions.stopIfAborted();
        }
        runbook.finish(AuroraSteps.AWAIT_APPROVAL, "data loss approved by " + decisions.approvedBy());
    }
}
