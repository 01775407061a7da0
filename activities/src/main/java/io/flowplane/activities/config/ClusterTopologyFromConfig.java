package io.flowplane.activities.config;

import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.ClusterTopologyActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** {@link ClusterTopologyActivities} answered from the worker's clusters file. */
public class ClusterTopologyFromConfig implements ClusterTopologyActivities {
    private final WorkerClusters clusters;

    public ClusterTopologyFromConfig(WorkerClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public ClusterTopology describeCluster(String cluster) {
        ClusterConfig config = clusters.cluster(cluster);
        return new ClusterTopology(config.name(), List.copyOf(config.members().keySet()), config.controlPlanes(), config.reads(),
                config.regions());
    }

    @Override
    public String describeUrl(String cluster, String urlName) {
        return clusters.cluster(cluster).describe(urlName);
    }

    @Override
    public String urlNameFor(String cluster, String database) {
        List<String> names = clusters.cluster(cluster).namesPointingAt(database);
        if (names.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("no member or url of cluster " + cluster + " points at "
                    + database + "; name one explicitly", "UnknownUrlName");
        }
        if (names.size() > 1) {
            throw ApplicationFailure.newNonRetryableFailure("several names of cluster " + cluster + " point at "
                    + database + " " + names + "; name the one in use explicitly", "AmbiguousUrlName");
        }
        return names.get(0);
    }
}
