package io.flowplane.xds.snapshot;

import java.util.Map;

/** Everything one dataplane's Envoys receive, by type URL. */
public record DataplaneSnapshot(String dataplaneId, Map<String, ResourceSet> resourcesByType) {
    public DataplaneSnapshot {
        resourcesByType = Map.copyOf(resourcesByType);
    }

    /** The resources of a type; empty for types Flowplane does not serve. */
    public ResourceSet resources(String typeUrl) {
        return resourcesByType.getOrDefault(typeUrl, ResourceSet.EMPTY);
    }
}
