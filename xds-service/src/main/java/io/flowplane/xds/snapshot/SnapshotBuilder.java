package io.flowplane.xds.snapshot;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfigSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds per-dataplane Envoy resources. A dataplane gets its own listeners and the route
 * configurations and clusters of its team that they reach, nothing else. Routes are read as
 * {@link io.flowplane.core.model.RouteSpec}s, never the legacy {@code RouteRule} view, which drops header
 * matches. Dangling references and untranslatable routes are left out and reported as warnings.
 *
 * <p>{@link #build} starts from a whole-fleet read; {@link #update} applies the change log to the
 * fleet of the last build and rebuilds only the dataplanes whose resources the changes can reach.
 */
public final class SnapshotBuilder {
    /** One dataplane's snapshot and the names it looked up, found or not: a change to any of them rebuilds it. */
    private record BuiltDataplane(DataplaneSnapshot snapshot, Set<TeamName> routeConfigs, Set<TeamName> clusters,
            List<String> warnings) {

        boolean affectedBy(String dataplaneId, FleetIndex.Touched touched) {
            return touched.dataplaneIds().contains(dataplaneId)
                    || routeConfigs.stream().anyMatch(touched.routeConfigs()::contains)
                    || clusters.stream().anyMatch(touched.clusters()::contains);
        }
    }

    private record ClusterTranslation(VersionedResource cluster, VersionedResource loadAssignment) {}

    private final TranslationCache<Listener, VersionedResource> listeners = new TranslationCache<>(Listener::id,
            l -> VersionedResource.of(l.name(), EnvoyResources.listener(l)));
    private final TranslationCache<RouteConfigSpec, TranslatedRouteConfig> routeConfigs = new TranslationCache<>(
            RouteConfigSpec::id, TranslatedRouteConfig::of);
    private final TranslationCache<Cluster, ClusterTranslation> clusters = new TranslationCache<>(Cluster::id,
            c -> new ClusterTranslation(VersionedResource.of(c.name(), EnvoyResources.cluster(c)),
                    EnvoyResources.usesEds(c) ? VersionedResource.of(c.name(), EnvoyResources.loadAssignment(c)) : null));
    private final Map<String, BuiltDataplane> built = new TreeMap<>();
    /** Null before the first build and after a failed update: then only {@link #build} may follow. */
    private FleetIndex fleet;
    private long revision;

    /** Builds every dataplane from a whole-fleet read: at start, on a forced reload, or when the change log cannot help. */
    public synchronized FleetSnapshot build(DetailedFleet detailed, Instant loadedAt) {
        fleet = null;
        FleetIndex next = FleetIndex.of(detailed);
        built.clear();
        for (Dataplane dataplane : next.dataplanes()) {
            built.put(dataplane.id(), buildDataplane(dataplane, next));
        }
        listeners.retainIf(next::hasListener);
        routeConfigs.retainIf(next::hasRouteConfig);
        clusters.retainIf(next::hasCluster);
        fleet = next;
        revision = detailed.config().revision();
        return snapshot(loadedAt, null);
    }

    /** Whether {@link #update} can start from {@code fromRevision}: the last build or update ended there. */
    public synchronized boolean canUpdateFrom(long fromRevision) {
        return fleet != null && revision == fromRevision;
    }

    /**
     * Applies {@code changes} to the fleet of the last build and rebuilds the dataplanes they can
     * reach; the others keep their snapshots (the same objects, so streams see nothing to send).
     */
    public synchronized FleetSnapshot update(FleetChanges changes, Instant loadedAt) {
        if (!canUpdateFrom(changes.fromRevision())) {
            throw new IllegalStateException("cannot apply changes after revision " + changes.fromRevision()
                    + (fleet == null ? ": no complete build to start from" : " to a build of revision " + revision));
        }
        FleetIndex current = fleet;
        fleet = null; // if anything below fails, the next load is a full build, never a half-applied one
        FleetIndex.Touched touched = current.apply(changes);
        listeners.retainIf(changes.listenerIds(), current::hasListener);
        routeConfigs.retainIf(changes.routeConfigIds(), current::hasRouteConfig);
        clusters.retainIf(changes.clusterIds(), current::hasCluster);
        built.keySet().removeIf(id -> !current.hasDataplane(id));
        for (Dataplane dataplane : current.dataplanes()) {
            BuiltDataplane previous = built.get(dataplane.id());
            if (previous == null || previous.affectedBy(dataplane.id(), touched)) {
                built.put(dataplane.id(), buildDataplane(dataplane, current));
            }
        }
        fleet = current;
        revision = changes.revision();
        return snapshot(loadedAt, changes.committedAt());
    }

    private FleetSnapshot snapshot(Instant loadedAt, Instant committedAt) {
        Map<String, DataplaneSnapshot> snapshots = new HashMap<>();
        Set<String> warnings = new LinkedHashSet<>();
        built.forEach((id, b) -> {
            snapshots.put(id, b.snapshot());
            warnings.addAll(b.warnings());
        });
        return new FleetSnapshot(revision, loadedAt, List.copyOf(fleet.dataplanes()), snapshots,
                List.copyOf(warnings), committedAt);
    }

    private BuiltDataplane buildDataplane(Dataplane dataplane, FleetIndex index) {
        String team = dataplane.team();
        List<String> warnings = new ArrayList<>();
        Set<TeamName> routeConfigNames = new HashSet<>();
        List<VersionedResource> envoyListeners = new ArrayList<>();
        Map<String, RouteConfigSpec> usedRouteConfigs = new TreeMap<>();
        for (Listener listener : index.listenersOf(dataplane.id())) {
            if (!team.equals(listener.team())) {
                warnings.add("listener " + listener.team() + "/" + listener.name() + " is assigned to dataplane "
                        + dataplane.id() + " of team " + team + "; skipped");
                continue;
            }
            envoyListeners.add(listeners.get(listener));
            TeamName routeConfigName = new TeamName(team, listener.routeConfig());
            routeConfigNames.add(routeConfigName);
            RouteConfigSpec routeConfig = index.routeConfig(routeConfigName);
            if (routeConfig == null) {
                warnings.add("listener " + team + "/" + listener.name() + " refers to missing route config "
                        + listener.routeConfig());
            } else {
                usedRouteConfigs.put(routeConfig.name(), routeConfig);
            }
        }

        Set<TeamName> clusterNames = new HashSet<>();
        List<VersionedResource> envoyRoutes = new ArrayList<>();
        Map<String, Cluster> usedClusters = new TreeMap<>();
        for (RouteConfigSpec routeConfig : usedRouteConfigs.values()) {
            TranslatedRouteConfig translated = routeConfigs.get(routeConfig);
            translated.skippedRoutes().forEach(reason -> warnings.add("route config " + team + "/"
                    + routeConfig.name() + ": " + reason + "; route skipped"));
            envoyRoutes.add(translated.resource());
            for (String clusterName : translated.clusterNames()) {
                TeamName key = new TeamName(team, clusterName);
                clusterNames.add(key);
                Cluster cluster = index.cluster(key);
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
            ClusterTranslation translation = clusters.get(cluster);
            envoyClusters.add(translation.cluster());
            if (translation.loadAssignment() != null) {
                loadAssignments.add(translation.loadAssignment());
            }
        }

        DataplaneSnapshot snapshot = new DataplaneSnapshot(dataplane.id(), Map.of(
                TypeUrls.LISTENER, ResourceSet.of(envoyListeners),
                TypeUrls.ROUTE, ResourceSet.of(envoyRoutes),
                TypeUrls.CLUSTER, ResourceSet.of(envoyClusters),
                TypeUrls.ENDPOINT, ResourceSet.of(loadAssignments)));
        return new BuiltDataplane(snapshot, Set.copyOf(routeConfigNames), Set.copyOf(clusterNames),
                List.copyOf(warnings));
    }
}
