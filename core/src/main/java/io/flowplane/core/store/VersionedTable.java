package io.flowplane.core.store;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The statements a table of team-owned configuration shares: rows with id, team, name and a version
 * that each update bumps, read through one mapper. Updates and deletes are guarded by the version the
 * caller expects (null: any version) and come back empty when the row is gone or at another version.
 */
final class VersionedTable<T> {
    private static final String GUARD = "WHERE id = :id AND (CAST(:expected AS bigint) IS NULL OR version = :expected)";

    private final String table;
    private final RowMapper<T> mapper;

    /** {@code table} is a constant of the calling store, never request input: it is spliced into SQL. */
    VersionedTable(String table, RowMapper<T> mapper) {
        this.table = table;
        this.mapper = mapper;
    }

    Optional<T> find(Handle h, String team, String name) {
        return select(h, "WHERE team = :team AND name = :name")
                .bind("team", team)
                .bind("name", name)
                .map(mapper)
                .findOne();
    }

    Optional<T> findById(Handle h, String id) {
        return select(h, "WHERE id = :id").bind("id", id).map(mapper).findOne();
    }

    /** Locks the row until the transaction ends. */
    Optional<T> lock(Handle h, String id) {
        return select(h, "WHERE id = :id FOR UPDATE").bind("id", id).map(mapper).findOne();
    }

    List<T> list(Handle h, String team) {
        return select(h, "WHERE team = :team ORDER BY name").bind("team", team).map(mapper).list();
    }

    List<T> all(Handle h) {
        return select(h, "ORDER BY id").map(mapper).list();
    }

    /**
     * Sets {@code assignments} (for example "port = :port") and bumps the version; {@code bindings}
     * binds the assignments' parameters.
     */
    Optional<T> update(Handle h, String id, String assignments, UnaryOperator<Query> bindings, Long expectedVersion) {
        Query update = h.createQuery("UPDATE " + table + " SET " + assignments
                        + ", version = version + 1, updated_at = now() " + GUARD + " RETURNING *")
                .bind("id", id)
                .bind("expected", expectedVersion);
        return bindings.apply(update).map(mapper).findOne();
    }

    Optional<T> delete(Handle h, String id, Long expectedVersion) {
        return h.createQuery("DELETE FROM " + table + " " + GUARD + " RETURNING *")
                .bind("id", id)
                .bind("expected", expectedVersion)
                .map(mapper)
                .findOne();
    }

    private Query select(Handle h, String condition) {
        return h.createQuery("SELECT * FROM " + table + " " + condition);
    }
}
