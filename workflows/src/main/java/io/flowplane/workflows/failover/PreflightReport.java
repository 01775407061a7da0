package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.MemberStatus;
import java.util.List;

/**
 * What the cluster looked like before anything changed.
 *
 * @param primary    the reachable primary, or null (unplanned)
 * @param lagBytes   planned: primary's current LSN minus the target's replay LSN; unplanned: the target's
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
        Long lagBytes,
        Double lagSeconds,
        List<String> problems) {

    public MemberStatus member(String name) {
        return members.stream().filter(m -> m.member().equals(name)).findFirst().orElse(null);
    }

    public String summary() {
        String lag = "lag " + (lagBytes == null ? "?" : lagBytes) + " B / " + (lagSeconds == null ? "?" : lagSeconds) + " s";
        String head = "primary " + (primary == null ? "none reachable" : primary) + ", target " + target + ", " + lag
                + ", " + controlPlanes.size() + " control planes";
        return problems.isEmpty() ? head + "; no problems" : head + "; problems: " + String.join("; ", problems);
    }
}
