package io.flowplane.activities.postgres;

import io.flowplane.core.db.DatabaseUrl;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Write fencing with default_transaction_read_only: new sessions start read-only, and the sessions that
 * predate the fence are ended. It stops well-behaved clients (the control planes), not a superuser who
 * asks for a read-write transaction explicitly.
 */
final class Fencing {
    private static final long SETTLE_MILLIS = 10_000;

    private final MemberConnector connector;

    Fencing(MemberConnector connector) {
        this.connector = connector;
    }

    /** True when a session opened now starts read-only. */
    boolean fencedForNewSessions(DatabaseUrl url) throws SQLException {
        try (Connection fresh = connector.open(url)) {
            return "on".equals(Sql.string(fresh, "SHOW default_transaction_read_only"));
        }
    }

    void setFence(Connection admin, DatabaseUrl url, boolean on) throws SQLException {
        Sql.alterSystem(admin, "default_transaction_read_only", on ? "on" : null);
        awaitNewSessionsSee(url, on);
    }

    /** Ends every other client session of this database, waiting up to 5 s for each to exit. */
    int terminateOtherSessions(Connection admin) throws SQLException {
        int terminated = 0;
        try (Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'""")) {
            while (rs.next()) {
                terminated += rs.getBoolean(1) ? 1 : 0;
            }
        }
        return terminated;
    }

    // pg_reload_conf() only signals the postmaster; sessions it forks afterwards carry the new setting.
    private void awaitNewSessionsSee(DatabaseUrl url, boolean on) throws SQLException {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (fencedForNewSessions(url) != on) {
            if (System.currentTimeMillis() > deadline) {
                throw ApplicationFailure.newFailure("new sessions on " + url.describe() + " still start "
                        + (on ? "read-write" : "read-only") + " 10 s after pg_reload_conf()", "FenceNotApplied");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApplicationFailure.newFailure("interrupted", "Interrupted");
            }
        }
    }
}
