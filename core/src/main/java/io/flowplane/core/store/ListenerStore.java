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
    private static final VersionedTable<Listener> TABLE = new VersionedTable<>("listeners", MAPPER);

    private final HandleSource db;

    public ListenerStore(Jdbi jdbi) {
        this.db = HandleSource.of(jdbi);
    }

    /** A store working inside the caller's open transaction. */
    public ListenerStore(Handle handle) {
        this.db = HandleSource.of(handle);
    }

    public Listener create(String team, String name, String address, int port, String dataplaneId, String routeConfig) {
        return db.with(h -> h.createQuery("""
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
        return db.with(h -> TABLE.find(h, team, name));
    }

    public Optional<Listener> findById(String id) {
        return db.with(h -> TABLE.findById(h, id));
    }

    public List<Listener> list(String team) {
        return db.with(h -> TABLE.list(h, team));
    }

    public List<Listener> onDataplane(String dataplaneId) {
        return db.with(h -> h.createQuery("SELECT * FROM listeners WHERE dataplane_id = :dataplane_id ORDER BY name")
                .bind("dataplane_id", dataplaneId)
                .map(MAPPER)
                .list());
    }

    public List<Listener> usingRouteConfig(String team, String routeConfig) {
        return db.with(h -> h.createQuery("SELECT * FROM listeners WHERE team = :team AND route_config = :route_config ORDER BY name")
                .bind("team", team)
                .bind("route_config", routeConfig)
                .map(MAPPER)
                .list());
    }

    /** The listener holding {@code address:port} on the dataplane, if any. */
    public Optional<Listener> onPort(String dataplaneId, String address, int port) {
        return db.with(h -> h.createQuery("""
                        SELECT * FROM listeners WHERE dataplane_id = :dataplane_id AND address = :address AND port = :port""")
                .bind("dataplane_id", dataplaneId)
                .bind("address", address)
                .bind("port", port)
                .map(MAPPER)
                .findOne());
    }

    /** Empty when the listener is gone or its version is not {@code expectedVersion} (null: any version). */
    public Optional<Listener> update(String id, String address, int port, String dataplaneId, String routeConfig,
            Long expectedVersion) {
        return db.with(h -> TABLE.update(h, id,
                "address = :address, port = :port, dataplane_id = :dataplane_id, route_config = :route_config",
                q -> q.bind("address", address)
                        .bind("port", port)
                        .bind("dataplane_id", dataplaneId)
                        .bind("route_config", routeConfig),
                expectedVersion));
    }

    public Optional<Listener> delete(String id, Long expectedVersion) {
        return db.with(h -> TABLE.delete(h, id, expectedVersion));
    }

    static List<Listener> all(Handle h) {
        return TABLE.all(h);
    }
}
