package io.flowplane.api.resources;

import io.flowplane.core.store.AuditStore;
import io.flowplane.core.store.ClusterStore;
import io.flowplane.core.store.DataplaneStore;
import io.flowplane.core.store.ListenerStore;
import io.flowplane.core.store.RevisionStore;
import io.flowplane.core.store.RouteConfigStore;
import io.flowplane.core.store.TeamStore;
import io.flowplane.core.store.TokenStore;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The configuration stores over one database: the primary for writes, or the read database.
 * {@link #inTransaction} gives the same stores bound to one transaction, so a change, its checks and
 * its audit row commit or roll back together.
 */
public final class ConfigStores {
    private final Jdbi jdbi;
    private final TeamStore teams;
    private final DataplaneStore dataplanes;
    private final ClusterStore clusters;
    private final RouteConfigStore routeConfigs;
    private final ListenerStore listeners;
    private final TokenStore tokens;
    private final AuditStore audit;

    private ConfigStores(Jdbi jdbi, TeamStore teams, DataplaneStore dataplanes, ClusterStore clusters,
            RouteConfigStore routeConfigs, ListenerStore listeners, TokenStore tokens, AuditStore audit) {
        this.jdbi = jdbi;
        this.teams = teams;
        this.dataplanes = dataplanes;
        this.clusters = clusters;
        this.routeConfigs = routeConfigs;
        this.listeners = listeners;
        this.tokens = tokens;
        this.audit = audit;
    }

    public static ConfigStores over(Jdbi jdbi) {
        return new ConfigStores(jdbi, new TeamStore(jdbi), new DataplaneStore(jdbi), new ClusterStore(jdbi),
                new RouteConfigStore(jdbi), new ListenerStore(jdbi), new TokenStore(jdbi), new AuditStore(jdbi));
    }

    private static ConfigStores within(Handle h) {
        return new ConfigStores(null, new TeamStore(h), new DataplaneStore(h), new ClusterStore(h),
                new RouteConfigStore(h), new ListenerStore(h), new TokenStore(h), new AuditStore(h));
    }

    /** Runs {@code work} in one transaction; an exception rolls everything back and propagates. */
    public <R> R inTransaction(Function<ConfigStores, R> work) {
        if (jdbi == null) {
            throw new IllegalStateException("already inside a transaction");
        }
        return jdbi.inTransaction(h -> work.apply(within(h)));
    }

    public TeamStore teams() {
        return teams;
    }

    public DataplaneStore dataplanes() {
        return dataplanes;
    }

    public ClusterStore clusters() {
        return clusters;
    }

    public RouteConfigStore routeConfigs() {
        return routeConfigs;
    }

    public ListenerStore listeners() {
        return listeners;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public AuditStore audit() {
        return audit;
    }

    public RevisionStore revisions() {
        if (jdbi == null) {
            throw new IllegalStateException("read the revision outside the transaction");
        }
        return new RevisionStore(jdbi);
    }
}
