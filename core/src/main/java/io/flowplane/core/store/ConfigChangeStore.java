package io.flowplane.core.store;

import io.flowplane.core.model.FleetChanges;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** Reads the change log ({@code config_changes}): what changed after a revision, with the changed rows. */
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
            return read(revision);
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException sql && NO_LOG_YET.contains(sql.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<FleetChanges> read(long revision) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            h.execute("SET TRANSACTION READ ONLY");
            LogState log = h.createQuery("SELECT revision, changes_kept_after, updated_at FROM config_revision WHERE id = 1")
                    .map((rs, ctx) -> new LogState(rs.getLong("revision"), rs.getLong("changes_kept_after"),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                    .one();
            if (revision < log.keptAfter() || revision > log.revision()) {
                return Optional.empty();
            }
            Map<String, Set<String>> idsByKind = new HashMap<>();
            h.createQuery("SELECT DISTINCT kind, id FROM config_changes WHERE revision > :from AND revision <= :to")
                    .bind("from", revision)
                    .bind("to", log.revision())
                    .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getString("id")))
                    .forEach(e -> idsByKind.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue()));
            Set<String> dataplanes = idsByKind.getOrDefault("dataplanes", Set.of());
            Set<String> clusters = idsByKind.getOrDefault("clusters", Set.of());
            Set<String> routeConfigs = idsByKind.getOrDefault("route_configs", Set.of());
            Set<String> listeners = idsByKind.getOrDefault("listeners", Set.of());
            return Optional.of(new FleetChanges(revision, log.revision(), log.committedAt(),
                    dataplanes, clusters, routeConfigs, listeners,
                    rows(h, "dataplanes", dataplanes, DataplaneStore.MAPPER),
                    rows(h, "clusters", clusters, ClusterStore.MAPPER),
                    rows(h, "route_configs", routeConfigs, RouteConfigStore.SPEC_MAPPER),
                    rows(h, "listeners", listeners, ListenerStore.MAPPER)));
        });
    }

    private static <T> List<T> rows(Handle h, String table, Collection<String> ids, RowMapper<T> mapper) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM " + table + " WHERE id = ANY(:ids) ORDER BY id")
                .bindArray("ids", String.class, ids)
                .map(mapper)
                .list();
    }

    private record LogState(long revision, long keptAfter, Instant committedAt) {}
}
