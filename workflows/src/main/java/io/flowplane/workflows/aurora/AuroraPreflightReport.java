package io.flowplane.workflows.aurora;

import io.flowplane.workflows.activity.AuroraGlobalStatus;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import java.util.List;

/**
 * The global cluster and the control planes before anything changed.
 *
 * @param writer     the regional cluster RDS names writer, or null
 * @param leftBehind failover only: control planes that did not answer; never moved. In a switchover they are problems.
 * @param problems   why the operation would not proceed; empty when it can
 */
public record AuroraPreflightReport(
        String cluster,
        String target,
        String writer,
        AuroraGlobalStatus global,
        List<ControlPlaneStatus> controlPlanes,
        List<LeftBehindControlPlane> leftBehind,
        List<String> problems) {

    public AuroraPreflightReport {
        leftBehind = leftBehind == null ? List.of() : List.copyOf(leftBehind);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public boolean leavesBehind(String baseUrl) {
        return leftBehind.stream().anyMatch(cp -> cp.baseUrl().equals(baseUrl));
    }

    public String summary() {
        String head = "writer " + (writer == null ? "none" : writer) + ", target " + target + "; " + global.summary() + "; "
                + controlPlanes.size() + " control planes"
                + (leftBehind.isEmpty() ? "" : " (left behind: " + LeftBehindControlPlane.describe(leftBehind) + ")");
        return problems.isEmpty() ? head + "; no problems" : head + "; problems: " + String.join("; ", problems);
    }
}
