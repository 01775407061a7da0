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
 * @param choice     when no member was named: which one preflight chose and why the others were not; else null
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
        List<String> problems,
        String choice) {

    public PreflightReport(String cluster, String target, String primary, List<MemberStatus> members, List<ControlPlaneStatus> controlPlanes,
            List<LeftBehindControlPlane> leftBehind, Long lagBytes, Double lagSeconds, List<String> problems) {
        this(cluster, target, primary, members, controlPlanes, leftBehind, lagBytes, lagSeconds, problems, null);
    }

    /** This report, saying why {@code target} was chosen, with {@code extraProblems} added. */
    public PreflightReport chosen(String why, List<String> extraProblems) {
        List<String> all = new java.util.ArrayList<>(problems);
        all.addAll(extraProblems);
        return new PreflightReport(cluster, target, primary, members, controlPlanes, leftBehind, lagBytes, lagSeconds, all, why);
    }

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
        head = choice == null ? head : head + "; " + choice;
        return problems.isEmpty() ? head + "; no problems" : head + "; problems: " + String.join("; ", problems);
    }
}
