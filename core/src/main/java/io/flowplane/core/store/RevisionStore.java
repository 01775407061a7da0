package io.flowplane.core.store;

import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetConfig;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** The configuration revision, and the whole configuration read consistently at one revision. */
public final class RevisionStore {
    private final Jdbi jdbi;

    public RevisionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public long current() {
        return jdbi.withHandle(RevisionStore::current);
    }

    public FleetConfig loadFleet() {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET TRANSACTION READ ONLY");
            return new FleetConfig(
                    current(h),
                    DataplaneStore.all(h),
                    ClusterStore.all(h),
                    RouteConfigStore.all(h),
                    ListenerStore.all(h));
        });
    }

    /** {@link #loadFleet()} plus the full route specs, read in the same snapshot. */
    public DetailedFleet loadDetailedFleet() {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET TRANSACTION READ ONLY");
            FleetConfig config = new FleetConfig(
                    current(h),
                    DataplaneStore.all(h),
                    ClusterStore.all(h),
                    RouteConfigStore.all(h),
                    ListenerStore.all(h));
            return new DetailedFleet(config, RouteConfigStore.allSpecs(h));
        });
    }

    private static long current(Handle h) {
        return h.createQuery("SELECT revision FROM config_revision WHERE id = 1").mapTo(Long.class).one();
    }
}
