package io.flowplane.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flowplane.core.model.Ids;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.VirtualHost;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class RouteConfigStore {
    private static final TypeReference<List<VirtualHost>> VIRTUAL_HOSTS = new TypeReference<>() {};
    static final RowMapper<RouteConfig> MAPPER = (rs, ctx) -> new RouteConfig(
            rs.getString("id"),
            rs.getString("team"),
            rs.getString("name"),
            JsonColumns.read(rs.getString("virtual_hosts"), VIRTUAL_HOSTS),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final Jdbi jdbi;

    public RouteConfigStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public RouteConfig create(String team, String name, List<VirtualHost> virtualHosts) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO route_configs (id, team, name, virtual_hosts)
                        VALUES (:id, :team, :name, CAST(:virtual_hosts AS jsonb))
                        RETURNING *""")
                .bind("id", Ids.next("rc"))
                .bind("team", team)
                .bind("name", name)
                .bind("virtual_hosts", JsonColumns.write(virtualHosts))
                .map(MAPPER)
                .one());
    }

    public Optional<RouteConfig> find(String team, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM route_configs WHERE team = :team AND name = :name")
                .bind("team", team)
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public List<RouteConfig> list(String team) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM route_configs WHERE team = :team ORDER BY name")
                .bind("team", team)
                .map(MAPPER)
                .list());
    }

    static List<RouteConfig> all(Handle h) {
        return h.createQuery("SELECT * FROM route_configs ORDER BY id").map(MAPPER).list();
    }
}
