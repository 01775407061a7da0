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
    private static final VersionedTable<Dataplane> TABLE = new VersionedTable<>("dataplanes", MAPPER);

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
        return db.with(h -> TABLE.find(h, team, name));
    }

    public Optional<Dataplane> findById(String id) {
        return db.with(h -> TABLE.findById(h, id));
    }

    /** Locks the row until the transaction ends: listeners cannot be added to it meanwhile. */
    public Optional<Dataplane> lock(String id) {
        return db.with(h -> TABLE.lock(h, id));
    }

    public List<Dataplane> list(String team) {
        return db.with(h -> TABLE.list(h, team));
    }

    /** Empty when the dataplane is gone or its version is not {@code expectedVersion} (null: any version). */
    public Optional<Dataplane> update(String id, String gatewayHost, String description, List<String> nodeClusters,
            Long expectedVersion) {
        return db.with(h -> TABLE.update(h, id,
                "gateway_host = :gateway_host, description = :description, node_clusters = :node_clusters",
                q -> q.bind("gateway_host", gatewayHost)
                        .bind("description", description)
                        .bindArray("node_clusters", String.class, nodeClusters),
                expectedVersion));
    }

    public Optional<Dataplane> delete(String id, Long expectedVersion) {
        return db.with(h -> TABLE.delete(h, id, expectedVersion));
    }

    static List<Dataplane> all(Handle h) {
        return TABLE.all(h);
    }
}
