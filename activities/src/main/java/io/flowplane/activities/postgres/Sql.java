package io.flowplane.activities.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value queries and plain statements over autocommit connections. */
final class Sql {
    private Sql() {}

    static String string(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static boolean bool(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * {@code ALTER SYSTEM SET setting = value} ({@code RESET} for null), then a reload. The admin session itself may have
     * started read-only (a fenced member); ALTER SYSTEM must not be refused for that.
     */
    static void alterSystem(Connection admin, String setting, String value) throws SQLException {
        execute(admin, "SET default_transaction_read_only = off");
        execute(admin, value == null ? "ALTER SYSTEM RESET " + setting
                : "ALTER SYSTEM SET " + setting + " = '" + value.replace("'", "''") + "'");
        execute(admin, "SELECT pg_reload_conf()");
    }

    static void execute(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
