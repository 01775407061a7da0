package io.flowplane.core.store;

import io.flowplane.core.model.Ids;
import io.flowplane.core.model.Team;
import java.util.List;
import java.util.Optional;
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

    private final Jdbi jdbi;

    public TeamStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Team create(String name, String description) {
        return jdbi.withHandle(h -> h.createQuery(
                        "INSERT INTO teams (id, name, description) VALUES (:id, :name, :description) RETURNING *")
                .bind("id", Ids.next("team"))
                .bind("name", name)
                .bind("description", description)
                .map(MAPPER)
                .one());
    }

    public Optional<Team> find(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM teams WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public List<Team> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM teams ORDER BY name").map(MAPPER).list());
    }
}
