package io.flowplane.core.store;

import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

public final class DataplaneStore {
    static final RowMapper<Dataplane> MAPPER = (rs, ctx) -> new Dataplane(
            rs.getString("id"),
            rs.getString("team"),
            rs.getString("name"),
            rs.getString("gateway_host"),
            rs.getString("description"),
            Rows.strings(rs, "node_clusters"),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final HandleSource db;

    public DataplaneStore(Jdbi jdbi) {
        this.db = HandleSource.of(jdbi);
    }

    /** A store working inside the caller's open transaction. */
    public DataplaneStore(Handle handle) {
        this.db = HandleSource.of(handle);
    }

    public Dataplane create(String team, String name, String gatewayHost, String description, List<String> nodeClusters) {
        return db.with(h -> h.createQuery("""
                        INSERT INTO dataplanes (id, team, name, gateway_host, description, node_clusters)
                        VALUES (:id, :team, :name, :gateway_host, :description, :node_clusters)
                        RETURNING *""")
                .bind("id", Ids.next("dp"))
                .bind("team", team)
                .bind("name", name)
                .bind("gateway_host", gatewayHost)
                .bind("description", description)
                .bindArray("node_clusters", String.class, nodeClusters)
                .map(MAPPER)
                .one());
    }

    public Optional<Dataplane> find(String team, String name) {
        return db.with(h -> h.createQuery("SELECT * FROM dataplanes WHERE team = :team AND name = :name")
                .bind("team", team)
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    public Optional<Dataplane> findById(String id) {
        return db.with(h -> h.createQuery("SELECT * FROM dataplanes WHERE id = :id")
                .bind("id", id)
                .map(MAPPER)
                .findOne());
    }

    /** Locks the row until the transaction ends: listeners cannot be added to it meanwhile. */
    public Optional<Dataplane> lock(String id) {
        return db.with(h -> h.createQuery("SELECT * FROM dataplanes WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(MAPPER)
                .findOne());
    }

    public List<Dataplane> list(String team) {
        return db.with(h -> h.createQuery("SELECT * FROM dataplanes WHERE team = :team ORDER BY name")
                .bind("team", team)
                .map(MAPPER)
                .list());
    }

    /** Empty when the dataplane is gone or its version is not {@code expectedVersion} (null: any version). */
    public Optional<Dataplane> update(String id, String gatewayHost, String description, List<String> nodeClusters,
            Long expectedVersion) {
        return db.with(h -> h.createQuery("""
                        UPDATE dataplanes SET gateway_host = :gateway_host, description = :description,
                            node_clusters = :node_clusters, version = version + 1, updated_at = now()
                        WHERE id = :id AND (CAST(:expected AS bigint) IS NULL OR version = :expected)
                        RETURNING *""")
                .bind("id", id)
                .bind("gateway_host", gatewayHost)
                .bind("description", description)
                .bindArray("node_clusters", String.class, nodeClusters)
                .bind("expected", expectedVersion)
                .map(MAPPER)
                .findOne());
    }

    public Optional<Dataplane> delete(String id, Long expectedVersion) {
        return db.with(h -> h.createQuery("""
                        DELETE FROM dataplanes
                        WHERE id = :id AND (CAST(:expected AS bigint) IS NULL OR version = :expected)
                        RETURNING *""")
                .bind("id", id)
                .bind("expected", expectedVersion)
                .map(MAPPER)
                .findOne());
    }

    static List<Dataplane> all(Handle h) {
        return h.createQuery("SELECT * FROM dataplanes ORDER BY id").map(MAPPER).list();
    }
}
