package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.core.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared primary and streaming replica that scripts/test starts really replicate. */
class SharedStreamingReplicaIT {

    @Test
    void aRowWrittenOnThePrimaryIsReadOnTheReplica() throws Exception {
        DatabaseUrl primary = DatabaseUrl.parse(TestStack.primaryUrl());
        DatabaseUrl replica = DatabaseUrl.parse(TestStack.replicaUrl());
        String marker = UUID.randomUUID().toString();
        try (Connection p = connect(primary); Connection r = connect(replica)) {
            assertThat(inRecovery(p)).as("primary is in recovery").isFalse();
            assertThat(inRecovery(r)).as("replica is in recovery").isTrue();
            try (Statement s = p.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS replication_probe (marker text PRIMARY KEY, written_at timestamptz DEFAULT now())");
            }
            try (PreparedStatement insert = p.prepareStatement("INSERT INTO replication_probe (marker) VALUES (?)")) {
                insert.setString(1, marker);
                insert.executeUpdate();
            }
            long deadline = System.nanoTime() + 15_000_000_000L;
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                seen = rowExists(r, marker);
                if (!seen) {
                    Thread.sleep(50);
                }
            }
            assertThat(seen).as("row %s replicated to %s", marker, replica).isTrue();
            try (Statement s = r.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO replication_probe (marker) VALUES ('x')"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("read-only");
            }
        }
    }

    private static boolean rowExists(Connection c, String marker) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM replication_probe WHERE marker = ?")) {
            q.setString(1, marker);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return false; // the table itself has not replicated yet
            }
            throw e;
        }
    }

    private static boolean inRecovery(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

}
