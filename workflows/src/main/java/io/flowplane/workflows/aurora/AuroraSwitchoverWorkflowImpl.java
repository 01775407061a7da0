package io.flowplane.workflows.aurora;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.failover.FailoverOutcome;
import java.util.List;

public class AuroraSwitchoverWorkflowImpl extends AuroraOperation implements AuroraSwitchoverWorkflow {
    public AuroraSwitchoverWorkflowImpl() {
        super(KIND, AuroraSteps.SWITCHOVER);
    }

    @Override
    public AuroraResult switchover(AuroraRequest request) {
        return execute(request, true, this::run);
    }

    private AuroraResult run() {
        String oldWriter = preflight.writer();
        // 2. What the old writer holds, read just before RDS fences it: the new writer must hold at least this.
        ConfigSnapshot before = runbook.run(AuroraSteps.RECORD_REVISION,
                () -> calls.postgres(AuroraSteps.RECORD_REVISION, oldWriter).snapshot(request.cluster(), oldWriter),
                AuroraOperation::describe);
        // 3. SwitchoverGlobalCluster: RDS fences the writer, lets the target catch up, and promotes it (RPO 0).
        requestMove(AuroraSteps.REQUEST_SWITCHOVER, false);
        // 4. Until RDS reports the target as the available writer.
        awaitNewWriter();
        // 5. The new writer takes writes and lost nothing.
        ConfigSnapshot after = verifyNewWriter(before);
        // 6-8. Every control plane onto the new writer's endpoint, restarted one at a time, verified.
        List<ControlPlaneStatus> statuses = moveControlPlanes(after);
        return result(FailoverOutcome.COMPLETED, "switched " + request.cluster() + "'s writer from " + oldWriter + " to "
                + request.target() + "; " + oldWriter + " is now a secondary", before, after, statuses);
    }
}
