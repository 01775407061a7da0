package io.flowplane.core.store;

import io.flowplane.core.model.CredentialRotation;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DataplaneCredential;
import io.flowplane.core.model.Ids;
import io.flowplane.core.model.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
            Rows.instant(rs, "updated_at"),
            CredentialColumn.read(rs));
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

    /**
     * Which of {@code nodeClusters} another team's dataplane lists, each with that team. Holds a lock to the
     * end of the transaction, so two teams cannot claim one name at the same moment.
     */
    public Map<String, String> nodeClustersOfOtherTeams(String team, List<String> nodeClusters) {
        if (nodeClusters.isEmpty()) {
            return Map.of();
        }
        return db.with(h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(hashtext('flowplane.dataplanes.node_clusters'))")
                    .mapTo(String.class).one();
            Map<String, String> held = new TreeMap<>();
            h.createQuery("""
                            SELECT claimed, team FROM dataplanes, unnest(node_clusters) AS claimed
                            WHERE team <> :team AND claimed = ANY(:node_clusters) ORDER BY claimed, team""")
                    .bind("team", team)
                    .bindArray("node_clusters", String.class, nodeClusters)
                    .map((rs, ctx) -> Map.entry(rs.getString("claimed"), rs.getString("team")))
                    .forEach(e -> held.putIfAbsent(e.getKey(), e.getValue()));
            return held;
        });
    }

    /** A new credential: the secret exists here only, and is gone once the caller has shown it. */
    public record IssuedCredential(Dataplane dataplane, DataplaneCredential credential, String secret) {}

    /**
     * Issues the dataplane a new xDS credential; its others stay valid for {@code overlap} (see
     * {@link CredentialRotation}). Call it in a transaction: the row stays locked until it ends. Empty when the
     * dataplane is gone; IllegalStateException when too many credentials would be live.
     */
    public Optional<IssuedCredential> issueCredential(String id, Duration overlap) {
        String secret = Secrets.random(CredentialRotation.SECRET_PREFIX);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DataplaneCredential issued = new DataplaneCredential(Ids.next("dpc"), Secrets.sha256(secret), now, null);
        return lock(id).flatMap(current -> setCredentials(id,
                        CredentialRotation.rotate(current.credentials(), issued, now, overlap)))
                .map(updated -> new IssuedCredential(updated, issued, secret));
    }

    /**
     * Replaces the dataplane's xDS credentials. Not a configuration edit: the version (the ETag of
     * concurrent edits) stays; the row change still reaches every control plane through the change log.
     */
    public Optional<Dataplane> setCredentials(String id, List<DataplaneCredential> credentials) {
        return db.with(h -> h.createQuery("UPDATE dataplanes SET credentials = CAST(:credentials AS jsonb) WHERE id = :id RETURNING *")
                .bind("id", id)
                .bind("credentials", CredentialColumn.write(credentials))
                .map(MAPPER)
                .findOne());
    }

    public Optional<Dataplane> delete(String id, Long expectedVersion) {
        return db.with(h -> TABLE.delete(h, id, expectedVersion));
    }

    static List<Dataplane> all(Handle h) {
        return TABLE.all(h);
    }
}
