package io.flowplane.core.model;

import java.util.List;

/** Everything the xDS service serves, read in one consistent snapshot at one revision. */
public record FleetConfig(
        long revision,
        List<Dataplane> dataplanes,
        List<Cluster> clusters,
        List<RouteConfig> routeConfigs,
        List<Listener> listeners) {}
