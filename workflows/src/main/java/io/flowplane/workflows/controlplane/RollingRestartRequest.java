package io.flowplane.workflows.controlplane;

import java.util.List;

/**
 * @param cluster        restart the cluster's {@code control_planes} from the worker's configuration, or null
 * @param controlPlanes  explicit admin base URLs instead (each must still be configured on the worker)
 * @param drainSeconds   how long each process drains before reinitializing
 */
public record RollingRestartRequest(String cluster, List<String> controlPlanes, int drainSeconds) {
    public RollingRestartRequest {
        controlPlanes = controlPlanes == null ? List.of() : List.copyOf(controlPlanes);
    }

    public static RollingRestartRequest ofCluster(String cluster, int drainSeconds) {
        return new RollingRestartRequest(cluster, List.of(), drainSeconds);
    }
}
