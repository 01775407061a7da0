package io.flowplane.workflows.activity;

import java.util.List;

/** What the worker's configuration says about a database cluster. Names and admin base URLs only, never credentials. */
public record ClusterTopology(String cluster, List<String> members, List<String> controlPlanes) {
    public ClusterTopology {
        members = List.copyOf(members);
        controlPlanes = List.copyOf(controlPlanes);
    }
}
