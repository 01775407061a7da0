package io.flowplane.testkit;

import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on the shared test primary, so tests never see each other's data; the streaming
 * replica receives it under the same name. Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {
    private final String name;
    private final String primaryUrl;
    private final String replicaUrl;

    private TestDatabase(String name) {
        this.name = name;
        this.primaryUrl = withDatabase(TestStack.primaryUrl(), name);
        this.replicaUrl = withDatabase(TestStack.replicaUrl(), name);
    }

    /** An empty database. */
    public static TestDatabase create() {
        TestDatabase db = new TestDatabase("fp_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        execute(TestStack.primaryUrl(), "CREATE DATABASE " + db.name);
        return db;
    }

    /** A database with the Flowplane schema, as a service would migrate it at start. */
    public static TestDatabase createMigrated() {
        TestDatabase db = create();
        DatabaseUrl url = DatabaseUrl.parse(db.primaryUrl);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url.jdbcUrl());
        dataSource.setUser(url.user());
        dataSource.setPassword(url.password());
        Databases.migrate(dataSource);
        return db;
    }

    public String name() {
        return name;
    }

    /** FLOWPLANE_DATABASE_URL form, for this database on the primary. */
    public String primaryUrl() {
        return primaryUrl;
    }

    /** The same database on the streaming replica. */
    public String replicaUrl() {
        return replicaUrl;
    }

    /** Waits until the replica has replayed this database far enough for the query to answer without error. */
    public void awaitOnReplica(String query, Duration timeout) {
        DatabaseUrl url = DatabaseUrl.parse(replicaUrl);
        Wait.until("the replica to answer '" + query + "' in " + name, timeout, () -> {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                    Statement s = c.createStatement()) {
                s.executeQuery(query).close();
                return true;
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        execute(TestStack.primaryUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The server URL with its database replaced; keeps user, password and query. */
    public static String withDatabase(String serverUrl, String database) {
        int slash = serverUrl.indexOf('/', serverUrl.indexOf("://") + 3);
        int query = serverUrl.indexOf('?');
        return serverUrl.substring(0, slash) + "/" + database + (query < 0 ? "" : serverUrl.substring(query));
    }

    private static void execute(String serverUrl, String sql) {
        DatabaseUrl server = DatabaseUrl.parse(serverUrl);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + server + ": " + e.getMessage(), e);
        }
    }
}
