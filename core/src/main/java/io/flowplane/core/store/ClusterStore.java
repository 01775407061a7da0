package io.flowplane.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class ClusterStore {
    private static final TypeReference<List<Endpoint>> ENDPOINTS = new TypeReference<>() {};
    static final RowMapper<Cluster> MAPPER = (rs, ctx) -> new Cluster(
            rs.getString("id"),
            rs.getString("team"),
            rs.getString("name"),
            JsonColumns.read(rs.getString("endpoints"), ENDPOINTS),
            rs.getInt("connect_timeout_ms"),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final Jdbi jdbi;

    public ClusterStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Cluster create(String team, String name, List<Endpoint> endpoints, int connectTimeoutMs) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO clusters (id, team, name, endpoints, connect_timeout_ms)
                        VALUES (:id, :team, :name, CAST(:endpoints AS jsonb), :connect_timeout_ms)
                        RETURNING *""")
                .bind("id", Ids.next("cl"))
                .bind("team", team)
                .bind("name", name)
                .bind("endpoints", JsonColumns.write(endpoints))
                .bind("connect_timeout_ms", connectTimeoutMs)
                .map(MAPPER)
                .one());
    }

    public Optional<Cluster> find(String team, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM clusters WHERE team = :team AND name = :name")
                .bind("team", team)
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public List<Cluster> list(String team) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM clusters WHERE team = :team ORDER BY name")
                .bind("team", team)
                .map(MAPPER)
                .list());
    }

    static List<Cluster> all(Handle h) {
        return h.createQuery("SELECT * FROM clusters ORDER BY id").map(MAPPER).list();
    }
}
