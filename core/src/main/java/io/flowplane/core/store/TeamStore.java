package io.flowplane.core.store;

import io.flowplane.core.model.Ids;
import io.flowplane.core.model.Team;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class TeamStore {
    private static final RowMapper<Team> MAPPER = (rs, ctx) -> new Team(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("description"),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final HandleSource db;

    public TeamStore(Jdbi jdbi) {
        this.db = HandleSource.of(jdbi);
    }

    /** A store working inside the caller's open transaction. */
    public TeamStore(Handle handle) {
        this.db = HandleSource.of(handle);
    }

    public Team create(String name, String description) {
        return db.with(h -> h.createQuery(
                        "INSERT INTO teams (id, name, description) VALUES (:id, :name, :description) RETURNING *")
                .bind("id", Ids.next("team"))
                .bind("name", name)
                .bind("description", description)
                .map(MAPPER)
                .one());
    }

    public Optional<Team> find(String name) {
        return db.with(h -> h.createQuery("SELECT * FROM teams WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    /** Locks the team row until the transaction ends; new resources of the team wait for it. */
    public Optional<Team> lock(String name) {
        return db.with(h -> h.createQuery("SELECT * FROM teams WHERE name = :name FOR UPDATE")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public List<Team> list() {
        return db.with(h -> h.createQuery("SELECT * FROM teams ORDER BY name").map(MAPPER).list());
    }

    /** Empty when the team is gone or its version is not {@code expectedVersion} (null: any version). */
    public Optional<Team> update(String name, String description, Long expectedVersion) {
        return db.with(h -> h.createQuery("""
                        UPDATE teams SET description = :description, version = version + 1, updated_at = now()
                        WHERE name = :name AND (CAST(:expected AS bigint) IS NULL OR version = :expected)
                        RETURNING *""")
                .bind("name", name)
                .bind("description", description)
                .bind("expected", expectedVersion)
                .map(MAPPER)
                .findOne());
    }

    public Optional<Team> delete(String name, Long expectedVersion) {
        return db.with(h -> h.createQuery("""
                        DELETE FROM teams
                        WHERE name = :name AND (CAST(:expected AS bigint) IS NULL OR version = :expected)
                        RETURNING *""")
                .bind("name", name)
                .bind("expected", expectedVersion)
                .map(MAPPER)
                .findOne());
    }

    /** The team's resources, as "kind name", e.g. "dataplane us-east-production". */
    public List<String> dependents(String name) {
        return db.with(h -> h.createQuery("""
                        SELECT 'dataplane ' || name FROM dataplanes WHERE team = :team
                        UNION ALL SELECT 'cluster ' || name FROM clusters WHERE team = :team
                        UNION ALL SELECT 'route config ' || name FROM route_configs WHERE team = :team
                        UNION ALL SELECT 'listener ' || name FROM listeners WHERE team = :team
                        ORDER BY 1""")
                .bind("team", name)
                .mapTo(String.class)
                .list());
    }
}
