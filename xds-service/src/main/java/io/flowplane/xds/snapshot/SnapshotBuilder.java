package io.flowplane.xds.snapshot;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetConfig;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfigSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds per-dataplane Envoy resources from one fleet read. A dataplane gets its own listeners and
 * the route configurations and clusters of its team that they reach, nothing else. Routes are read as
 * {@link io.flowplane.core.model.RouteSpec}s, never the legacy {@code RouteRule} view, which drops header
 * matches. Dangling references and untranslatable routes are left out and reported as warnings.
 */
public final class SnapshotBuilder {
    private record ListenerResource(Listener listener) {}

    private record ClusterResource(Cluster cluster) {}

    private record LoadAssignment(Cluster cluster) {}

    private final ResourceMemo memo = new ResourceMemo();

    public synchronized FleetSnapshot build(DetailedFleet fleet, Instant loadedAt) {
        memo.startBuild();
        FleetConfig config = fleet.config();
        TeamIndex<RouteConfigSpec> routeConfigs = new TeamIndex<>(fleet.routeConfigSpecs(), RouteConfigSpec::team,
                RouteConfigSpec::name);
        TeamIndex<Cluster> clusters = new TeamIndex<>(config.clusters(), Cluster::team, Cluster::name);
        Map<String, List<Listener>> listenersByDataplane = config.listeners().stream()
                .collect(Collectors.groupingBy(Listener::dataplaneId));
        List<String> warnings = new ArrayList<>();
        Translations translations = new Translations(memo, warnings);
        Map<String, DataplaneSnapshot> snapshots = new HashMap<>();
        for (Dataplane dataplane : config.dataplanes()) {
            List<Listener> listeners = listenersByDataplane.getOrDefault(dataplane.id(), List.of());
            snapshots.put(dataplane.id(),
                    buildDataplane(dataplane, listeners, routeConfigs, translations, clusters, warnings));
        }
        memo.finishBuild();
        return new FleetSnapshot(config.revision(), loadedAt, config.dataplanes(), snapshots, warnings);
    }

    private DataplaneSnapshot buildDataplane(Dataplane dataplane, List<Listener> listeners,
            TeamIndex<RouteConfigSpec> routeConfigIndex, Translations translations, TeamIndex<Cluster> clusterIndex,
            List<String> warnings) {
        String team = dataplane.team();
        List<VersionedResource> envoyListeners = new ArrayList<>();
        Map<String, RouteConfigSpec> usedRouteConfigs = new TreeMap<>();
        for (Listener listener : listeners) {
            if (!team.equals(listener.team())) {
                warnings.add("listener " + listener.team() + "/" + listener.name() + " is assigned to dataplane "
                        + dataplane.id() + " of team " + team + "; skipped");
                continue;
            }
            envoyListeners.add(memo.get(new ListenerResource(listener),
                    key -> VersionedResource.of(listener.name(), EnvoyResources.listener(listener))));
            RouteConfigSpec routeConfig = routeConfigIndex.get(team, listener.routeConfig());
            if (routeConfig == null) {
                warnings.add("listener " + team + "/" + listener.name() + " refers to missing route config "
                        + listener.routeConfig());
            } else {
                usedRouteConfigs.put(routeConfig.name(), routeConfig);
            }
        }

        List<VersionedResource> envoyRoutes = new ArrayList<>();
        Map<String, Cluster> usedClusters = new TreeMap<>();
        for (RouteConfigSpec routeConfig : usedRouteConfigs.values()) {
            TranslatedRouteConfig translated = translations.of(routeConfig);
            envoyRoutes.add(VersionedResource.of(routeConfig.name(), translated.resource()));
            for (String clusterName : translated.clusterNames()) {
                Cluster cluster = clusterIndex.get(team, clusterName);
                if (cluster == null) {
                    warnings.add("route config " + team + "/" + routeConfig.name() + " refers to missing cluster "
                            + clusterName);
                } else {
                    usedClusters.put(cluster.name(), cluster);
                }
            }
        }

        List<VersionedResource> envoyClusters = new ArrayList<>();
        List<VersionedResource> loadAssignments = new ArrayList<>();
        for (Cluster cluster : usedClusters.values()) {
            envoyClusters.add(memo.get(new ClusterResource(cluster),
                    key -> VersionedResource.of(cluster.name(), EnvoyResources.cluster(cluster))));
            if (EnvoyResources.usesEds(cluster)) {
                loadAssignments.add(memo.get(new LoadAssignment(cluster),
                        key -> VersionedResource.of(cluster.name(), EnvoyResources.loadAssignment(cluster))));
            }
        }

        return new DataplaneSnapshot(dataplane.id(), Map.of(
                TypeUrls.LISTENER, ResourceSet.of(envoyListeners),
                TypeUrls.ROUTE, ResourceSet.of(envoyRoutes),
                TypeUrls.CLUSTER, ResourceSet.of(envoyClusters),
                TypeUrls.ENDPOINT, ResourceSet.of(loadAssignments)));
    }

    /**
     * Each route configuration translated once, however many dataplanes use it, and reused across
     * builds while it is unchanged; its warnings are reported once per build.
     */
    private static final class Translations {
        private final Map<RouteConfigSpec, TranslatedRouteConfig> thisBuild = new IdentityHashMap<>();
        private final ResourceMemo memo;
        private final List<String> warnings;

        Translations(ResourceMemo memo, List<String> warnings) {
            this.memo = memo;
            this.warnings = warnings;
        }

        TranslatedRouteConfig of(RouteConfigSpec routeConfig) {
            return thisBuild.computeIfAbsent(routeConfig, spec -> {
                TranslatedRouteConfig translated = memo.get(spec, TranslatedRouteConfig::of);
                translated.skippedRoutes().forEach(reason -> warnings.add("route config " + spec.team() + "/"
                        + spec.name() + ": " + reason + "; route skipped"));
                return translated;
            });
        }
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
