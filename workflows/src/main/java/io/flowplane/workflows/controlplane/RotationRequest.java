package io.flowplane.workflows.controlplane;

import java.util.List;

/**
 * @param cluster       the cluster in the worker's configuration
 * @param target        URL name to switch to: a member (its client URL) or an entry of the cluster's {@code urls:}
 * @param rollbackTo    URL name to switch back to on failure; null: the one name whose URL points at the database
 *                      each control plane is on now (credential rotation, where several do, needs it explicitly)
 * @param controlPlanes admin base URLs to switch, in order; empty: the cluster's {@code control_planes}
 */
public record RotationRequest(String cluster, String target, String rollbackTo, List<String> controlPlanes) {
    public RotationRequest {
        controlPlanes = controlPlanes == null ? List.of() : List.copyOf(controlPlanes);
    }

    public static RotationRequest of(String cluster, String target) {
        return new RotationRequest(cluster, target, null, List.of());
    }
}
