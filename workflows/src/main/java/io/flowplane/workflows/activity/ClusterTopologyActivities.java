package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * Reads the worker's cluster configuration (FLOWPLANE_DATABASE_CLUSTERS). Workflows name clusters,
 * members and URLs; only the worker knows the connection strings behind those names.
 */
@ActivityInterface(namePrefix = "ClusterTopology")
public interface ClusterTopologyActivities {
    /** Non-retryable {@code UnknownCluster} when the worker has no such cluster. */
    ClusterTopology describeCluster(String cluster);

    /**
     * host:port/database of the URL a control plane gets when switched to {@code urlName}: a member's
     * client URL, or an entry of the cluster's {@code urls:}. Non-retryable {@code UnknownUrlName}.
     */
    String describeUrl(String cluster, String urlName);

    /**
     * The one URL name whose URL points at {@code database} (host:port/database), so a switch can be undone.
     * Non-retryable {@code UnknownUrlName} when none does, {@code AmbiguousUrlName} when several do.
     */
    String urlNameFor(String cluster, String database);
}
