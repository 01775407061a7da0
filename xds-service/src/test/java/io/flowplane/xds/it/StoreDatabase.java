package io.flowplane.xds.it;

import com.zaxxer.hikari.HikariDataSource;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.store.ClusterStore;
import io.flowplane.core.store.DataplaneStore;
import io.flowplane.core.store.ListenerStore;
import io.flowplane.core.store.RevisionStore;
import io.flowplane.core.store.RouteConfigStore;
import io.flowplane.core.store.TeamStore;
import io.flowplane.testkit.TestDatabase;
import org.jdbi.v3.core.Jdbi;

/** The kit's fresh database with the Flowplane schema, and the core stores a test fills it with. */
final class StoreDatabase implements AutoCloseable {
    final String name;
    final String primaryUrl;
    final String replicaUrl;
    final Jdbi jdbi;
    private final TestDatabase database;
    private final HikariDataSource pool;

    private StoreDatabase(TestDatabase database) {
        this.database = database;
        this.name = database.name();
        this.primaryUrl = database.primaryUrl();
        this.replicaUrl = database.replicaUrl();
        this.pool = Databases.pool(DatabaseUrl.parse(primaryUrl), "fp-it-" + name, 2);
        this.jdbi = Jdbi.create(pool);
    }

    static StoreDatabase create() {
        return new StoreDatabase(TestDatabase.createMigrated());
    }

    TeamStore teams() {
        return new TeamStore(jdbi);
    }

    DataplaneStore dataplanes() {
        return new DataplaneStore(jdbi);
    }

    ClusterStore clusters() {
        return new ClusterStore(jdbi);
    }

    RouteConfigStore routeConfigs() {
        return new RouteConfigStore(jdbi);
    }

    ListenerStore listeners() {
        return new ListenerStore(jdbi);
    }

    long revision() {
        return new RevisionStore(jdbi).current();
    }

    @Override
    public void close() {
        pool.close();
        database.close();
    }
}
