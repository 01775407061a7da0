package io.flowplane.core.store;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfigSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Reads the change log ({@code config_changes}): what changed after a revision, with the changed rows.
 * The whole read is one script in one round trip and one snapshot: it runs after every change on
 * every control plane, and its latency is part of commit-to-Envoy time.
 */
public final class ConfigChangeStore {
    /** undefined_table, undefined_column: the schema predates the change log. */
    private static final Set<String> NO_LOG_YET = Set.of("42P01", "42703");

    private final Jdbi jdbi;

    public ConfigChangeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Everything that changed after {@code revision} up to the current one, read in one snapshot.
     * Empty when the log cannot tell: it no longer reaches back that far, {@code revision} is ahead
     * of this database (another database, or one restored from a backup), or the schema has no log
     * yet (a reader upgraded before the migration ran). Then read the whole fleet.
     */
    public Optional<FleetChanges> since(long revision) {
        try {
            return jdbi.withHandle(h -> readOnHandle(h.getConnection(), revision));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the change log: " + e.getMessage(), e);
        }
    }

    private static Optional<FleetChanges> readOnHandle(Connection connection, long revision) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the change log is read in a transaction of its own; "
                    + "call it outside any transaction");
        }
        try (Statement statement = connection.createStatement()) {
            return read(statement, revision);
        } catch (SQLException e) {
            rollBack(connection, e);
            if (NO_LOG_YET.contains(e.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Results, in order: the revision row, the changed ids, then the current rows of each kind. */
    private static String script(long revision) {
        String changed = "SELECT id FROM config_changes WHERE revision > " + revision + " AND kind = ";
        return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
                + "SELECT revision, changes_kept_after, updated_at FROM config_revision WHERE id = 1;"
                + "SELECT DISTINCT kind, id FROM config_changes WHERE revision > " + revision + ";"
                + "SELECT * FROM dataplanes WHERE id IN (" + changed + "'dataplanes') ORDER BY id;"
                + "SELECT * FROM clusters WHERE id IN (" + changed + "'clusters') ORDER BY id;"
                + "SELECT * FROM route_configs WHERE id IN (" + changed + "'route_configs') ORDER BY id;"
                + "SELECT * FROM listeners WHERE id IN (" + changed + "'listeners') ORDER BY id;"
                + "COMMIT";
    }

    private static Optional<FleetChanges> read(Statement statement, long revision) throws SQLException {
        Results results = new Results(statement, statement.execute(script(revision)));
        long current;
        long keptAfter;
        Instant committedAt;
        try (ResultSet rs = results.next()) {
            rs.next();
            current = rs.getLong("revision");
            keptAfter = rs.getLong("changes_kept_after");
            committedAt = Rows.instant(rs, "updated_at");
        }
        Map<String, Set<String>> idsByKind = new HashMap<>();
        try (ResultSet rs = results.next()) {
            while (rs.next()) {
                idsByKind.computeIfAbsent(rs.getString("kind"), k -> new TreeSet<>()).add(rs.getString("id"));
            }
        }
        List<Dataplane> dataplanes = rows(results.next(), DataplaneStore.MAPPER);
        List<Cluster> clusters = rows(results.next(), ClusterStore.MAPPER);
        List<RouteConfigSpec> routeConfigs = rows(results.next(), RouteConfigStore.SPEC_MAPPER);
        List<Listener> listeners = rows(results.next(), ListenerStore.MAPPER);
        if (revision < keptAfter || revision > current) {
            return Optional.empty();
        }
        return Optional.of(new FleetChanges(revision, current, committedAt,
                idsByKind.getOrDefault("dataplanes", Set.of()),
                idsByKind.getOrDefault("clusters", Set.of()),
                idsByKind.getOrDefault("route_configs", Set.of()),
                idsByKind.getOrDefault("listeners", Set.of()),
                dataplanes, clusters, routeConfigs, listeners));
    }

    private static <T> List<T> rows(ResultSet rs, RowMapper<T> mapper) throws SQLException {
        try (rs) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs, null));
            }
            return out;
        }
    }

    /** A failed statement leaves the script's transaction open and aborted; end it before the pool reuses the connection. */
    private static void rollBack(Connection connection, SQLException cause) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Walks the results of a multi-statement script, skipping the update counts of BEGIN and COMMIT. */
    private static final class Results {
        private final Statement statement;
        private boolean atResultSet;
        private boolean handedOut;

        Results(Statement statement, boolean firstIsResultSet) {
            this.statement = statement;
            this.atResultSet = firstIsResultSet;
        }

        /** The next result set; the one handed out before it is closed. */
        ResultSet next() throws SQLException {
            if (handedOut) {
                atResultSet = statement.getMoreResults();
            }
            while (!atResultSet) {
                if (statement.getUpdateCount() == -1) {
                    throw new SQLException("the change-log script returned fewer results than expected");
                }
                atResultSet = statement.getMoreResults();
            }
            handedOut = true;
            return statement.getResultSet();
        }
    }
}
