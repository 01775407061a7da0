package io.flowplane.core.store;

import io.flowplane.core.model.Ids;
import io.flowplane.core.model.Listener;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class ListenerStore {
    static final RowMapper<Listener> MAPPER = (rs, ctx) -> new Listener(
            rs.getString("id"),
            rs.getString("team"),
            rs.getString("name"),
            rs.getString("address"),
            rs.getInt("port"),
            rs.getString("dataplane_id"),
            rs.getString("route_config"),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final Jdbi jdbi;

    public ListenerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Listener create(String team, String name, String address, int port, String dataplaneId, String routeConfig) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO listeners (id, team, name, address, port, dataplane_id, route_config)
                        VALUES (:id, :team, :name, :address, :port, :dataplane_id, :route_config)
                        RETURNING *""")
                .bind("id", Ids.next("ln"))
                .bind("team", team)
                .bind("name", name)
                .bind("address", address)
                .bind("port", port)
                .bind("dataplane_id", dataplaneId)
                .bind("route_config", routeConfig)
                .map(MAPPER)
                .one());
    }

    public Optional<Listener> find(String team, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM listeners WHERE team = :team AND name = :name")
                .bind("team", team)
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public List<Listener> list(String team) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM listeners WHERE team = :team ORDER BY name")
                .bind("team", team)
                .map(MAPPER)
                .list());
    }

    static List<Listener> all(Handle h) {
        return h.createQuery("SELECT * FROM listeners ORDER BY id").map(MAPPER).list();
    }
}
