package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A control plane an unplanned failover does not move: it did not answer in preflight, most likely lost with
 * the primary's region. It keeps the old primary's URL (in its FLOWPLANE_STATE_DIR, or its environment) until
 * someone switches it.
 *
 * @param baseUrl its admin base URL, as listed under the cluster's {@code control_planes}
 * @param error   why its status check failed in preflight
 */
public record LeftBehindControlPlane(String baseUrl, String error) {

    public static LeftBehindControlPlane of(ControlPlaneStatus unreachable) {
        return new LeftBehindControlPlane(unreachable.baseUrl(), unreachable.error());
    }

    public String summary() {
        return baseUrl + " (" + error + ")";
    }

    /** "; not switched, left behind: http://xds (connection refused)", or nothing when none is left behind. */
    public static String note(String what, List<LeftBehindControlPlane> controlPlanes) {
        return controlPlanes.isEmpty() ? "" : "; " + what + ", left behind: " + describe(controlPlanes);
    }

    /** What the operator must do before a control plane left on the old primary serves again; nothing when none is. */
    public static String followUp(String target, List<LeftBehindControlPlane> controlPlanes) {
        if (controlPlanes.isEmpty()) {
            return "";
        }
        return "; left behind on the old primary: " + describe(controlPlanes)
                + ". Each still points at the old primary, whose URL it keeps in its FLOWPLANE_STATE_DIR (or environment): keep the old"
                + " primary fenced or down so nothing writes to it, and before such a control plane serves again switch it to "
                + target + " with POST /control-plane/database, or once it is reachable run DatabaseUrlRotationWorkflow"
                + " (kind database-url-rotation) to " + target + " for it";
    }

    /** "http://a (connection refused), http://b (timeout)". */
    public static String describe(List<LeftBehindControlPlane> controlPlanes) {
        return controlPlanes.stream().map(LeftBehindControlPlane::summary).collect(Collectors.joining(", "));
    }
}
