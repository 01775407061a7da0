package io.flowplane.workflows.aurora;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.failover.FailoverOutcome;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import io.flowplane.workflows.operation.OperationResult;
import io.flowplane.workflows.operation.StepProgress;
import java.util.List;

/**
 * @param requestedByThisRun false when RDS had already been asked (a retried or replaced run) or the target was already writer
 * @param approvedBy         failover: who accepted the data loss
 * @param before             switchover: revision and counts on the old writer just before RDS was asked; null otherwise
 * @param after              revision and counts on the new writer once RDS made it the writer
 * @param leftBehind         failover: control planes that did not answer in preflight and were not moved
 */
public record AuroraResult(
        String cluster,
        String kind,
        FailoverOutcome outcome,
        String detail,
        String oldWriter,
        String newWriter,
        boolean requestedByThisRun,
        String approvedBy,
        List<String> plan,
        AuroraPreflightReport preflight,
        ConfigSnapshot before,
        ConfigSnapshot after,
        List<ControlPlaneStatus> controlPlanes,
        List<LeftBehindControlPlane> leftBehind,
        List<StepProgress> steps) implements OperationResult {}
