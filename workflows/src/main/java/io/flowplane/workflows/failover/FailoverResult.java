package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.StreamingReplicas;
import io.flowplane.workflows.operation.OperationResult;
import io.flowplane.workflows.operation.StepProgress;
import java.util.List;

/**
 * @param detail            one line: what happened, or why it was aborted ("aborted: approval timed out")
 * @param oldPrimary        the primary preflight found (planned), or null (unplanned)
 * @param promotedByThisRun false when the target was already out of recovery
 * @param approvedBy        unplanned: who accepted the data loss
 * @param plan              the steps this mode runs, in order
 * @param before            planned: revision and counts on the old primary, read just before fencing; null otherwise
 * @param after             revision and counts on the new primary right after promotion
 * @param controlPlanes     their status at the end (the ones this run moved)
 * @param leftBehind        unplanned: control planes that did not answer in preflight and were not moved; they still
 *                          point at the old primary (a dry run lists those it would leave; an aborted run none)
 * @param membersLeftBehind database members not brought along to the new primary, and why (runs that know the regional
 *                          topology; none in older results)
 * @param replicas          the replicas streaming from the new primary at the end, with their sync_state; null when not checked
 * @param overridden        the rule the approval overrode (max_lag_bytes), or null
 */
public record FailoverResult(
        String cluster,
        FailoverMode mode,
        FailoverOutcome outcome,
        String detail,
        String oldPrimary,
        String newPrimary,
        boolean promotedByThisRun,
        String approvedBy,
        List<String> plan,
        PreflightReport preflight,
        ConfigSnapshot before,
        ConfigSnapshot after,
        List<ControlPlaneStatus> controlPlanes,
        List<LeftBehindControlPlane> leftBehind,
        List<StepProgress> steps,
        List<LeftBehindMember> membersLeftBehind,
        StreamingReplicas replicas,
        String overridden) implements OperationResult {

    public FailoverResult {
        // Results of runs started before the fields existed have none.
        leftBehind = leftBehind == null ? List.of() : List.copyOf(leftBehind);
        membersLeftBehind = membersLeftBehind == null ? List.of() : List.copyOf(membersLeftBehind);
    }
}
