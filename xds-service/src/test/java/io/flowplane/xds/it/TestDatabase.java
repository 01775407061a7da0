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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh database on the test primary with the Flowplane schema, and the stores to fill it. The
 * streaming replica receives it too, under the same name.
 */
final class TestDatabase implements AutoCloseable {
    final String name;
    final String primaryUrl;
    final String replicaUrl;
    private final HikariDataSource pool;
    final Jdbi jdbi;

    private TestDatabase(String name, String primaryUrl, String replicaUrl) {
        this.name = name;
        this.primaryUrl = primaryUrl;
        this.replicaUrl = replicaUrl;
        this.pool = Databases.pool(DatabaseUrl.parse(primaryUrl), "fp-it-" + name, 2);
        Databases.migrate(pool);
        this.jdbi = Jdbi.create(pool);
    }

    static TestDatabase create() {
        String server = ItEnvironment.primaryUrl();
        String replica = ItEnvironment.replicaUrl();
        String name = "fp_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE DATABASE " + name);
        return new TestDatabase(name, withDatabase(server, name), withDatabase(replica, name));
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

    static String withDatabase(String serverUrl, String database) {
        int slash = serverUrl.indexOf('/', serverUrl.indexOf("://") + 3);
        int query = serverUrl.indexOf('?');
        return serverUrl.substring(0, slash) + "/" + database + (query < 0 ? "" : serverUrl.substring(query));
    }

    private static void execute(String url, String sql) {
        DatabaseUrl server = DatabaseUrl.parse(url);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + server + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
        try {
            execute(ItEnvironment.primaryUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IllegalStateException e) {
            // left behind; names are random
        }
    }
}
