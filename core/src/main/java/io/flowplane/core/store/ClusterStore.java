package io.flowplane.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.Ids;
import java.util.Collection;
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
    private static final VersionedTable<Cluster> TABLE = new VersionedTable<>("clusters", MAPPER);

    private final HandleSource db;

    public ClusterStore(Jdbi jdbi) {
        this.db = HandleSource.of(jdbi);
    }

    /** A store working inside the caller's open transaction. */
    public ClusterStore(Handle handle) {
        this.db = HandleSource.of(handle);
    }

    public Cluster create(String team, String name, List<Endpoint> endpoints, int connectTimeoutMs) {
        return db.with(h -> h.createQuery("""
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
        return db.with(h -> TABLE.find(h, team, name));
    }

    public Optional<Cluster> findById(String id) {
        return db.with(h -> TABLE.findById(h, id));
    }

    /** Locks the row until the transaction ends: no route can start using it meanwhile. */
    public Optional<Cluster> lock(String id) {
        return db.with(h -> TABLE.lock(h, id));
    }

    /**
     * Which of {@code names} exist in the team, share-locked until the transaction ends so that
     * they cannot be deleted while a route starts using them.
     */
    public List<String> lockExisting(String team, Collection<String> names) {
        return db.with(h -> h.createQuery("""
                        SELECT name FROM clusters WHERE team = :team AND name = ANY(:names) ORDER BY name FOR SHARE""")
                .bind("team", team)
                .bindArray("names", String.class, names)
                .mapTo(String.class)
                .list());
    }

    public List<Cluster> list(String team) {
        return db.with(h -> TABLE.list(h, team));
    }

    /** Empty when the cluster is gone or its version is not {@code expectedVersion} (null: any version). */
    public Optional<Cluster> update(String id, List<Endpoint> endpoints, int connectTimeoutMs, Long expectedVersion) {
        return db.with(h -> TABLE.update(h, id,
                "endpoints = CAST(:endpoints AS jsonb), connect_timeout_ms = :connect_timeout_ms",
                q -> q.bind("endpoints", JsonColumns.write(endpoints)).bind("connect_timeout_ms", connectTimeoutMs),
                expectedVersion));
    }

    public Optional<Cluster> delete(String id, Long expectedVersion) {
        return db.with(h -> TABLE.delete(h, id, expectedVersion));
    }

    static List<Cluster> all(Handle h) {
        return TABLE.all(h);
    }
}
