package io.flowplane.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What changed between two revisions: the ids of every row written (inserted, updated or deleted)
 * and, read in the same snapshot, the current rows of those that still exist. An id without a
 * current row was deleted.
 *
 * @param committedAt when {@code revision} was committed; null when unknown
 */
public record FleetChanges(
        long fromRevision,
        long revision,
        Instant committedAt,
        Set<String> dataplaneIds,
        Set<String> clusterIds,
        Set<String> routeConfigIds,
        Set<String> listenerIds,
        List<Dataplane> dataplanes,
        List<Cluster> clusters,
        List<RouteConfigSpec> routeConfigs,
        List<Listener> listeners) {

    public FleetChanges {
        dataplaneIds = Set.copyOf(dataplaneIds);
        clusterIds = Set.copyOf(clusterIds);
        routeConfigIds = Set.copyOf(routeConfigIds);
        listenerIds = Set.copyOf(listenerIds);
        dataplanes = List.copyOf(dataplanes);
        clusters = List.copyOf(clusters);
        routeConfigs = List.copyOf(routeConfigs);
        listeners = List.copyOf(listeners);
    }

    public int changedRows() {
        return dataplaneIds.size() + clusterIds.size() + routeConfigIds.size() + listenerIds.size();
    }
}
