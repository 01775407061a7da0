package io.flowplane.api.resources;

import io.flowplane.core.store.ClusterStore;
import io.flowplane.core.store.DataplaneStore;
import io.flowplane.core.store.ListenerStore;
import io.flowplane.core.store.RevisionStore;
import io.flowplane.core.store.RouteConfigStore;
import io.flowplane.core.store.TeamStore;
import org.jdbi.v3.core.Jdbi;

/** The configuration stores over one database: the primary for writes, or the read database. */
public record ConfigStores(
        TeamStore teams,
        DataplaneStore dataplanes,
        ClusterStore clusters,
        RouteConfigStore routeConfigs,
        ListenerStore listeners,
        RevisionStore revisions) {
    public static ConfigStores over(Jdbi jdbi) {
        return new ConfigStores(new TeamStore(jdbi), new DataplaneStore(jdbi), new ClusterStore(jdbi),
                new RouteConfigStore(jdbi), new ListenerStore(jdbi), new RevisionStore(jdbi));
    }
}
