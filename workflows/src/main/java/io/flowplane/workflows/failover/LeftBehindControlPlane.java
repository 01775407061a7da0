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

    /** "http://a (connection refused), http://b (timeout)". */
    public static String describe(List<LeftBehindControlPlane> controlPlanes) {
        return controlPlanes.stream().map(LeftBehindControlPlane::summary).collect(Collectors.joining(", "));
    }
}
