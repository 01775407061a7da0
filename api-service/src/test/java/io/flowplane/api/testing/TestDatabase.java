package io.flowplane.api.testing;

import io.flowplane.core.db.DatabaseUrl;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** A fresh database on the test primary, one per test class, replicated to the streaming replica. */
public final class TestDatabase implements AutoCloseable {
    private final String name;
    private final String primaryUrl;
    private final String replicaUrl;

    private TestDatabase(String name) {
        this.name = name;
        this.primaryUrl = withDatabase(TestEnvironment.primaryUrl(), name);
        this.replicaUrl = withDatabase(TestEnvironment.replicaUrl(), name);
    }

    public static TestDatabase create() {
        TestDatabase db = new TestDatabase("fp_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        db.onServer(TestEnvironment.primaryUrl(), "CREATE DATABASE " + db.name);
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

    /** Waits until the replica has replayed this database and the query answers without error. */
    public void awaitOnReplica(String query, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            DatabaseUrl url = DatabaseUrl.parse(replicaUrl);
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                    Statement s = c.createStatement()) {
                s.executeQuery(query).close();
                return;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("replica did not catch up with " + name + " within " + timeout + ": " + last);
    }

    @Override
    public void close() {
        onServer(TestEnvironment.primaryUrl(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void onServer(String serverUrl, String sql) {
        DatabaseUrl url = DatabaseUrl.parse(serverUrl);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
        }
    }

    static String withDatabase(String serverUrl, String database) {
        URI uri = URI.create(serverUrl.startsWith("jdbc:") ? serverUrl.substring(5) : serverUrl);
        String rebuilt = uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return serverUrl.startsWith("jdbc:") ? "jdbc:" + rebuilt : rebuilt;
    }
}
