package io.flowplane.xds.snapshot;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.FleetConfig;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds per-dataplane Envoy resources from one fleet read. A dataplane gets its own listeners and
 * the route configurations and clusters of its team that they reach, nothing else. Dangling
 * references are left out and reported as warnings.
 */
public final class SnapshotBuilder {

    public FleetSnapshot build(FleetConfig fleet, Instant loadedAt) {
        TeamIndex<RouteConfig> routeConfigs = new TeamIndex<>(fleet.routeConfigs(), RouteConfig::team, RouteConfig::name);
        TeamIndex<Cluster> clusters = new TeamIndex<>(fleet.clusters(), Cluster::team, Cluster::name);
        Map<String, List<Listener>> listenersByDataplane = fleet.listeners().stream()
                .collect(Collectors.groupingBy(Listener::dataplaneId));
        List<String> warnings = new ArrayList<>();
        Map<String, DataplaneSnapshot> snapshots = new HashMap<>();
        for (Dataplane dataplane : fleet.dataplanes()) {
            List<Listener> listeners = listenersByDataplane.getOrDefault(dataplane.id(), List.of());
            snapshots.put(dataplane.id(), buildDataplane(dataplane, listeners, routeConfigs, clusters, warnings));
        }
        return new FleetSnapshot(fleet.revision(), loadedAt, fleet.dataplanes(), snapshots, warnings);
    }

    private DataplaneSnapshot buildDataplane(Dataplane dataplane, List<Listener> listeners,
            TeamIndex<RouteConfig> routeConfigIndex, TeamIndex<Cluster> clusterIndex, List<String> warnings) {
        String team = dataplane.team();
        List<VersionedResource> envoyListeners = new ArrayList<>();
        Map<String, RouteConfig> usedRouteConfigs = new TreeMap<>();
        for (Listener listener : listeners) {
            if (!team.equals(listener.team())) {
                warnings.add("listener " + listener.team() + "/" + listener.name() + " is assigned to dataplane "
                        + dataplane.id() + " of team " + team + "; skipped");
                continue;
            }
            envoyListeners.add(VersionedResource.of(listener.name(), EnvoyResources.listener(listener)));
            RouteConfig routeConfig = routeConfigIndex.get(team, listener.routeConfig());
            if (routeConfig == null) {
                warnings.add("listener " + team + "/" + listener.name() + " refers to missing route config "
                        + listener.routeConfig());
            } else {
                usedRouteConfigs.put(routeConfig.name(), routeConfig);
            }
        }

        List<VersionedResource> envoyRoutes = new ArrayList<>();
        Map<String, Cluster> usedClusters = new TreeMap<>();
        for (RouteConfig routeConfig : usedRouteConfigs.values()) {
            envoyRoutes.add(VersionedResource.of(routeConfig.name(), EnvoyResources.routeConfiguration(routeConfig)));
            for (RouteRule rule : rules(routeConfig)) {
                if ((rule.prefix() == null && rule.path() == null) || rule.cluster() == null) {
                    warnings.add("route config " + team + "/" + routeConfig.name()
                            + " has a route without a match or a cluster; route skipped");
                    continue;
                }
                Cluster cluster = clusterIndex.get(team, rule.cluster());
                if (cluster == null) {
                    warnings.add("route config " + team + "/" + routeConfig.name() + " refers to missing cluster "
                            + rule.cluster());
                } else {
                    usedClusters.put(cluster.name(), cluster);
                }
            }
        }

        List<VersionedResource> envoyClusters = new ArrayList<>();
        List<VersionedResource> loadAssignments = new ArrayList<>();
        for (Cluster cluster : usedClusters.values()) {
            envoyClusters.add(VersionedResource.of(cluster.name(), EnvoyResources.cluster(cluster)));
            if (EnvoyResources.usesEds(cluster)) {
                loadAssignments.add(VersionedResource.of(cluster.name(), EnvoyResources.loadAssignment(cluster)));
            }
        }

        return new DataplaneSnapshot(dataplane.id(), Map.of(
                TypeUrls.LISTENER, ResourceSet.of(envoyListeners),
                TypeUrls.ROUTE, ResourceSet.of(envoyRoutes),
                TypeUrls.CLUSTER, ResourceSet.of(envoyClusters),
                TypeUrls.ENDPOINT, ResourceSet.of(loadAssignments)));
    }

    private static List<RouteRule> rules(RouteConfig routeConfig) {
        List<RouteRule> rules = new ArrayList<>();
        for (VirtualHost vh : routeConfig.virtualHosts() == null ? List.<VirtualHost>of() : routeConfig.virtualHosts()) {
            if (vh.routes() != null) {
                rules.addAll(vh.routes());
            }
        }
        return rules;
    }

    /** Lookup by (team, name), the unique key of every Flowplane resource. */
    private static final class TeamIndex<T> {
        private final Map<String, Map<String, T>> byTeam = new HashMap<>();

        TeamIndex(List<T> items, Function<T, String> team, Function<T, String> name) {
            for (T item : items) {
                byTeam.computeIfAbsent(team.apply(item), k -> new HashMap<>()).put(name.apply(item), item);
            }
        }

        T get(String team, String name) {
            return byTeam.getOrDefault(team, Map.of()).get(name);
        }
    }
}
