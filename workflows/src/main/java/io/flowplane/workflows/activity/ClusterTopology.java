package io.flowplane.workflows.activity;

import java.util.List;
import java.util.Map;

/**
 * What the worker's configuration says about a database cluster. Names and admin base URLs only, never credentials.
 *
 * @param readUrlNames control plane -> the URL name it reads from after a move (its region's reader), from the
 *                     clusters file's {@code reads:}; none in histories older than the field
 * @param regions      members' regions and roles and control planes' regions; {@link RegionalTopology#NONE} in
 *                     histories older than the field
 */
public record ClusterTopology(String cluster, List<String> members, List<String> controlPlanes, Map<String, String> readUrlNames,
        RegionalTopology regions) {
    public ClusterTopology {
        members = List.copyOf(members);
        controlPlanes = List.copyOf(controlPlanes);
        readUrlNames = readUrlNames == null ? Map.of() : Map.copyOf(readUrlNames);
        regions = regions == null ? RegionalTopology.NONE : regions;
    }

    public ClusterTopology(String cluster, List<String> members, List<String> controlPlanes, Map<String, String> readUrlNames) {
        this(cluster, members, controlPlanes, readUrlNames, RegionalTopology.NONE);
    }

    public ClusterTopology(String cluster, List<String> members, List<String> controlPlanes) {
        this(cluster, members, controlPlanes, Map.of());
    }
}
