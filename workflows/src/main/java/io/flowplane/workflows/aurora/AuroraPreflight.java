package io.flowplane.workflows.aurora;

import io.flowplane.workflows.activity.AuroraGlobalStatus;
import io.flowplane.workflows.activity.AuroraMemberStatus;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides, from what RDS and the control planes said, whether the writer may move to the target. Pure. */
public final class AuroraPreflight {
    private AuroraPreflight() {}

    /**
     * @param planned a switchover: every secondary must be connected and every control plane answer; a failover
     *                tolerates a lost writer region and leaves the control planes that did not answer behind
     */
    public static AuroraPreflightReport evaluate(String cluster, String target, boolean planned, AuroraGlobalStatus global,
            List<ControlPlaneStatus> controlPlanes) {
        List<String> problems = new ArrayList<>();
        String writer = global.writer().map(AuroraMemberStatus::clusterId).orElse(null);
        Optional<AuroraMemberStatus> targetMember = global.member(target);
        if (targetMember.isEmpty()) {
            problems.add(target + " is not a member of global cluster " + global.globalClusterId() + "; members: "
                    + global.members().stream().map(AuroraMemberStatus::clusterId).toList());
        } else {
            AuroraMemberStatus t = targetMember.get();
            if (t.writer()) {
                problems.add(target + " is already the writer");
            }
            if (!"available".equals(t.clusterStatus())) {
                problems.add(target + " is " + t.clusterStatus() + ", not available");
            }
            if (!"connected".equals(t.synchronizationStatus()) && !t.writer()) {
                problems.add(target + " is " + t.synchronizationStatus() + ", not connected to the writer");
            }
        }
        if (global.moveInProgress()) {
            problems.add("a " + global.failoverStatus() + " from " + global.failoverFrom() + " to " + global.failoverTo()
                    + " is already in progress");
        }
        if (planned && !"available".equals(global.status())) {
            problems.add("global cluster " + global.globalClusterId() + " is " + global.status() + ", not available");
        }
        List<String> versions = global.members().stream().map(AuroraMemberStatus::engineVersion).distinct().toList();
        if (versions.size() > 1) {
            problems.add("engine versions differ: " + String.join(", ", global.members().stream()
                    .map(m -> m.clusterId() + " " + m.engineVersion()).toList()) + "; RDS refuses to move the writer between them");
        }
        if (planned) {
            global.members().stream().filter(m -> !m.writer() && !"connected".equals(m.synchronizationStatus())
                    && !m.clusterId().equals(target)).forEach(m ->
                            problems.add(m.clusterId() + " is " + m.synchronizationStatus() + "; a switchover needs every secondary connected"));
            if (writer == null) {
                problems.add("no writer: a switchover needs one; an unplanned failover (aurora-failover) does not");
            }
        }
        List<LeftBehindControlPlane> leftBehind = new ArrayList<>();
        for (ControlPlaneStatus status : controlPlanes) {
            if (!status.reachable()) {
                if (planned) {
                    problems.add("control plane " + status.baseUrl() + " does not answer (" + status.error() + ")");
                } else {
                    leftBehind.add(LeftBehindControlPlane.of(status));
                }
            }
        }
        if (!planned && !controlPlanes.isEmpty() && leftBehind.size() == controlPlanes.size()) {
            problems.add("no control plane answers; there would be none to move");
        }
        return new AuroraPreflightReport(cluster, target, writer, global, controlPlanes, leftBehind, problems);
    }
}
