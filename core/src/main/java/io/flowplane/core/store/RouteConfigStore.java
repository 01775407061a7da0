package io.flowplane.core.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flowplane.core.model.Ids;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.core.model.VirtualHostSpec;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Route configurations. The {@code virtual_hosts} jsonb holds {@link VirtualHostSpec}s; the legacy
 * {@link RouteConfig} view reads the same document and ignores fields it does not know.
 */
public final class RouteConfigStore {
    private static final TypeReference<List<VirtualHost>> VIRTUAL_HOSTS = new TypeReference<>() {};
    private static final TypeReference<List<VirtualHostSpec>> VIRTUAL_HOST_SPECS = new TypeReference<>() {};
    static final RowMapper<RouteConfig> MAPPER = (rs, ctx) -> new RouteConfig(
            rs.getString("id"),
            rs.getString("team"),
            rs.getString("name"),
            JsonColumns.readIgnoringUnknown(rs.getString("virtual_hosts"), VIRTUAL_HOSTS),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));
    static final RowMapper<RouteConfigSpec> SPEC_MAPPER = (rs, ctx) -> new RouteConfigSpec(
            rs.getString("id"),
            rs.getString("team"),
            rs.getString("name"),
            JsonColumns.read(rs.getString("virtual_hosts"), VIRTUAL_HOST_SPECS),
            rs.getLong("version"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));
    private static final VersionedTable<RouteConfig> TABLE = new VersionedTable<>("route_configs", MAPPER);
    private static final VersionedTable<RouteConfigSpec> SPECS = new VersionedTable<>("route_configs", SPEC_MAPPER);

    private final HandleSource db;

    public RouteConfigStore(Jdbi jdbi) {
        this.db = HandleSource.of(jdbi);
    }

    /** A store working inside the caller's open transaction. */
    public RouteConfigStore(Handle handle) {
        this.db = HandleSource.of(handle);
    }

    public RouteConfig create(String team, String name, List<VirtualHost> virtualHosts) {
        String id = insert(team, name, virtualHosts);
        return db.with(h -> TABLE.findById(h, id).orElseThrow());
    }

    public RouteConfigSpec createSpec(String team, String name, List<VirtualHostSpec> virtualHosts) {
        String id = insert(team, name, virtualHosts);
        return findSpecById(id).orElseThrow();
    }

    private String insert(String team, String name, Object virtualHosts) {
        return db.with(h -> h.createQuery("""
                        INSERT INTO route_configs (id, team, name, virtual_hosts)
                        VALUES (:id, :team, :name, CAST(:virtual_hosts AS jsonb))
                        RETURNING id""")
                .bind("id", Ids.next("rc"))
                .bind("team", team)
                .bind("name", name)
                .bind("virtual_hosts", JsonColumns.write(virtualHosts))
                .mapTo(String.class)
                .one());
    }

    public Optional<RouteConfig> find(String team, String name) {
        return db.with(h -> TABLE.find(h, team, name));
    }

    public Optional<RouteConfigSpec> findSpecById(String id) {
        return db.with(h -> SPECS.findById(h, id));
    }

    /** Locks the row until the transaction ends. */
    public Optional<RouteConfigSpec> lock(String id) {
        return db.with(h -> SPECS.lock(h, id));
    }

    public List<RouteConfig> list(String team) {
        return db.with(h -> TABLE.list(h, team));
    }

    public List<RouteConfigSpec> listSpecs(String team) {
        return db.with(h -> SPECS.list(h, team));
    }

    /** Empty when the route config is gone or its version is not {@code expectedVersion} (null: any version). */
    public Optional<RouteConfigSpec> updateSpec(String id, List<VirtualHostSpec> virtualHosts, Long expectedVersion) {
        return db.with(h -> SPECS.update(h, id, "virtual_hosts = CAST(:virtual_hosts AS jsonb)",
                q -> q.bind("virtual_hosts", JsonColumns.write(virtualHosts)), expectedVersion));
    }

    public Optional<RouteConfigSpec> delete(String id, Long expectedVersion) {
        return db.with(h -> SPECS.delete(h, id, expectedVersion));
    }

    static List<RouteConfig> all(Handle h) {
        return TABLE.all(h);
    }

    static List<RouteConfigSpec> allSpecs(Handle h) {
        return SPECS.all(h);
    }
}
