package io.flowplane.activities.config;

import io.temporal.failure.ApplicationFailure;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every cluster the worker may operate on, from FLOWPLANE_DATABASE_CLUSTERS. */
public final class WorkerClusters {
    public static final String ENVIRONMENT_VARIABLE = "FLOWPLANE_DATABASE_CLUSTERS";

    private final Map<String, ClusterConfig> clusters;

    public WorkerClusters(Map<String, ClusterConfig> clusters) {
        this.clusters = new LinkedHashMap<>(clusters);
    }

    public static WorkerClusters empty() {
        return new WorkerClusters(Map.of());
    }

    public Collection<ClusterConfig> all() {
        return clusters.values();
    }

    public ClusterConfig cluster(String name) {
        ClusterConfig cluster = clusters.get(name);
        if (cluster == null) {
            throw ApplicationFailure.newNonRetryableFailure("the worker has no cluster '" + name + "'"
                    + (clusters.isEmpty() ? "; set " + ENVIRONMENT_VARIABLE : "; clusters: " + clusters.keySet()), "UnknownCluster");
        }
        return cluster;
    }

    /**
     * The base URL, normalized, if some cluster lists it. The admin token goes only to these, so a workflow
     * input cannot send it anywhere else.
     */
    public String requireControlPlane(String baseUrl) {
        String normalized = normalizeBaseUrl(baseUrl);
        boolean known = clusters.values().stream().anyMatch(c -> c.controlPlanes().contains(normalized));
        if (!known) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "'" + baseUrl + "' is not a control plane in the worker's configuration", "UnknownControlPlane");
        }
        return normalized;
    }

    public boolean hasControlPlanes() {
        return clusters.values().stream().anyMatch(c -> !c.controlPlanes().isEmpty());
    }

    static String normalizeBaseUrl(String baseUrl) {
        String url = baseUrl == null ? "" : baseUrl.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }
}
