package io.flowplane.systemtests;

import io.flowplane.core.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh, empty database on the test PostgreSQL primary, so runs never see each other's data. */
final class TestDatabase {
    private TestDatabase() {}

    /** Creates the database and returns its FLOWPLANE_DATABASE_URL on the given server URL. */
    static String create(String serverUrl) {
        String name = "fp_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DatabaseUrl server = DatabaseUrl.parse(serverUrl);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + server + ": " + e.getMessage(), e);
        }
        return withDatabase(serverUrl, name);
    }

    static String withDatabase(String serverUrl, String database) {
        int slash = serverUrl.indexOf('/', serverUrl.indexOf("://") + 3);
        int query = serverUrl.indexOf('?');
        String rest = query < 0 ? "" : serverUrl.substring(query);
        return serverUrl.substring(0, slash) + "/" + database + rest;
    }
}
