package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.MemberStatus;
import java.util.List;

/**
 * What the cluster looked like before anything changed.
 *
 * @param primary    the reachable primary, or null (unplanned)
 * @param leftBehind unplanned: the control planes that did not answer; the run neither switches, restarts nor
 *                   verifies them. Always empty in planned mode, where they are problems.
 * @param lagBytes   planned: primary's current LSN minus the target's replay LSN, at least 0; unplanned: the target's
 *                   received-but-not-replayed bytes
 * @param lagSeconds planned: the target's replay lag; unplanned: now() - pg_last_xact_replay_timestamp() on the target
 * @param problems   why the failover would not proceed; empty when it can
 */
public record PreflightReport(
        String cluster,
        String target,
        String primary,
        List<MemberStatus> members,
        List<ControlPlaneStatus> controlPlanes,
        List<LeftBehindControlPlane> leftBehind,
        Long lagBytes,
        Double lagSeconds,
        List<String> problems) {

    public PreflightReport {
        // Results of runs started before the field existed have none.
        leftBehind = leftBehind == null ? List.of() : List.copyOf(leftBehind);
    }

    public MemberStatus member(String name) {
        return members.stream().filter(m -> m.member().equals(name)).findFirst().orElse(null);
    }

    public boolean leavesBehind(String baseUrl) {
        return leftBehind.stream().anyMatch(cp -> cp.baseUrl().equals(baseUrl));
    }

    public String summary() {
        String lag = "lag " + (lagBytes == null ? "?" : lagBytes) + " B / " + (lagSeconds == null ? "?" : lagSeconds) + " s";
        String head = "primary " + (primary == null ? "none reachable" : primary) + ", target " + target + ", " + lag
                + ", " + controlPlanes.size() + " control planes"
                + (leftBehind.isEmpty() ? "" : " (left behind: " + LeftBehindControlPlane.describe(leftBehind) + ")");
        return problems.isEmpty() ? head + "; no problems" : head + "; problems: " + String.join("; ", problems);
    }
}
