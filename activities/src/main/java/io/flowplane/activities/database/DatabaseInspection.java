package io.flowplane.activities.database;

import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.activity.DatabaseInspectionActivities;
import io.flowplane.workflows.activity.DatabaseStatus;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

public class DatabaseInspection implements DatabaseInspectionActivities {
    private final DatabaseUrl url;
    private final DataSource dataSource;

    public DatabaseInspection(DatabaseUrl url, DataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
    }

    @Override
    public DatabaseStatus inspectConfiguredDatabase() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT pg_is_in_recovery(),
                               (SELECT revision FROM config_revision WHERE id = 1),
                               CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text
                                    ELSE pg_current_wal_lsn()::text END,
                               current_setting('server_version')""")) {
            rs.next();
            return new DatabaseStatus(url.describe(), rs.getBoolean(1), rs.getLong(2), rs.getString(3), rs.getString(4));
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw ApplicationFailure.newNonRetryableFailure(
                        "database " + url.describe() + " has no Flowplane schema; start api-service against it first",
                        "SchemaMissing");
            }
            throw ApplicationFailure.newFailureWithCause(
                    "cannot inspect database " + url.describe() + ": " + e.getMessage(), "DatabaseUnreachable", e);
        }
    }
}
