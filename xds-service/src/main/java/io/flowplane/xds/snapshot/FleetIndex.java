package io.flowplane.xds.snapshot;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfigSpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fleet the builder works from, kept in memory and updated row by row from the change log, with
 * the lookups a build needs. Mutable; confined to the builder.
 */
final class FleetIndex {
    private final Map<String, Dataplane> dataplanes = new TreeMap<>();
    private final Rows<Cluster> clusters = new Rows<>(Cluster::id, c -> new TeamName(c.team(), c.name()));
    private final Rows<RouteConfigSpec> routeConfigs = new Rows<>(RouteConfigSpec::id,
            r -> new TeamName(r.team(), r.name()));
    private final Map<String, Listener> listeners = new HashMap<>();
    private final Map<String, Map<String, Listener>> listenersByDataplane = new HashMap<>();

    /** What a set of changes can have changed in a dataplane's configuration. */
    record Touched(Set<String> dataplaneIds, Set<TeamName> routeConfigs, Set<TeamName> clusters) {}

    static FleetIndex of(DetailedFleet fleet) {
        FleetIndex index = new FleetIndex();
        fleet.config().dataplanes().forEach(d -> index.dataplanes.put(d.id(), d));
        fleet.config().clusters().forEach(index.clusters::put);
        fleet.routeConfigSpecs().forEach(index.routeConfigs::put);
        fleet.config().listeners().forEach(index::putListener);
        return index;
    }

    Collection<Dataplane> dataplanes() {
        return dataplanes.values();
    }

    boolean hasDataplane(String id) {
        return dataplanes.containsKey(id);
    }

    Collection<Listener> listenersOf(String dataplaneId) {
        return listenersByDataplane.getOrDefault(dataplaneId, Map.of()).values();
    }

    RouteConfigSpec routeConfig(TeamName key) {
        return routeConfigs.byName.get(key);
    }

    Cluster cluster(TeamName key) {
        return clusters.byName.get(key);
    }

    boolean hasCluster(String id) {
        return clusters.byId.containsKey(id);
    }

    boolean hasRouteConfig(String id) {
        return routeConfigs.byId.containsKey(id);
    }

    boolean hasListener(String id) {
        return listeners.containsKey(id);
    }

    /**
     * Replaces every changed row by its current version (or drops it when deleted). Removals go
     * first, so a name deleted and created again within the changes ends up with its new row.
     */
    Touched apply(FleetChanges changes) {
        Set<String> dataplaneIds = new HashSet<>(changes.dataplaneIds());
        Set<TeamName> routeConfigKeys = new HashSet<>();
        Set<TeamName> clusterKeys = new HashSet<>();

        changes.dataplaneIds().forEach(dataplanes::remove);
        changes.clusterIds().forEach(id -> clusters.remove(id).ifPresent(clusterKeys::add));
        changes.routeConfigIds().forEach(id -> routeConfigs.remove(id).ifPresent(routeConfigKeys::add));
        for (String id : changes.listenerIds()) {
            Listener old = removeListener(id);
            if (old != null) {
                dataplaneIds.add(old.dataplaneId());
            }
        }

        changes.dataplanes().forEach(d -> dataplanes.put(d.id(), d));
        changes.clusters().forEach(c -> clusterKeys.add(clusters.put(c)));
        changes.routeConfigs().forEach(r -> routeConfigKeys.add(routeConfigs.put(r)));
        for (Listener listener : changes.listeners()) {
            putListener(listener);
            dataplaneIds.add(listener.dataplaneId());
        }
        return new Touched(dataplaneIds, routeConfigKeys, clusterKeys);
    }

    private void putListener(Listener listener) {
        listeners.put(listener.id(), listener);
        listenersByDataplane.computeIfAbsent(listener.dataplaneId(), k -> new TreeMap<>()).put(listener.id(), listener);
    }

    private Listener removeListener(String id) {
        Listener old = listeners.remove(id);
        if (old != null) {
            Map<String, Listener> ofDataplane = listenersByDataplane.get(old.dataplaneId());
            ofDataplane.remove(id);
            if (ofDataplane.isEmpty()) {
                listenersByDataplane.remove(old.dataplaneId());
            }
        }
        return old;
    }

    /** Rows of one kind by id and by (team, name). */
    private static final class Rows<T> {
        final Map<String, T> byId = new HashMap<>();
        final Map<TeamName, T> byName = new HashMap<>();
        private final Function<T, String> id;
        private final Function<T, TeamName> key;

        Rows(Function<T, String> id, Function<T, TeamName> key) {
            this.id = id;
            this.key = key;
        }

        TeamName put(T row) {
            byId.put(id.apply(row), row);
            TeamName name = key.apply(row);
            byName.put(name, row);
            return name;
        }

        Optional<TeamName> remove(String rowId) {
            T old = byId.remove(rowId);
            if (old == null) {
                return Optional.empty();
            }
            TeamName name = key.apply(old);
            byName.remove(name, old);
            return Optional.of(name);
        }
    }
}
