package io.flowplane.xds.snapshot;

import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DataplaneCredential;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The per-dataplane snapshots built from one consistent database read. Immutable. */
public final class FleetSnapshot {
    private final long revision;
    private final Instant loadedAt;
    private final Map<String, Dataplane> dataplanes;
    private final Map<String, List<String>> dataplaneIdsByNodeCluster;
    /** By the credential's SHA-256: which dataplane it proves, and until when. */
    private final Map<String, HeldCredential> credentialsByHash;
    private final Map<String, DataplaneSnapshot> snapshots;
    private final List<String> warnings;
    private final Instant committedAt;

    public FleetSnapshot(long revision, Instant loadedAt, List<Dataplane> dataplanes,
            Map<String, DataplaneSnapshot> snapshots, List<String> warnings) {
        this(revision, loadedAt, dataplanes, snapshots, warnings, null);
    }

    /** @param committedAt when the revision was committed ({@code config_revision.updated_at}); null if unknown */
    public FleetSnapshot(long revision, Instant loadedAt, List<Dataplane> dataplanes,
            Map<String, DataplaneSnapshot> snapshots, List<String> warnings, Instant committedAt) {
        this.revision = revision;
        this.committedAt = committedAt;
        this.loadedAt = loadedAt;
        Map<String, Dataplane> byId = new HashMap<>();
        Map<String, List<String>> byNodeCluster = new HashMap<>();
        Map<String, HeldCredential> byHash = new HashMap<>();
        for (Dataplane dp : dataplanes) {
            byId.put(dp.id(), dp);
            dp.credentials().forEach(c -> byHash.put(c.sha256(), new HeldCredential(dp.id(), c)));
            for (String nodeCluster : dp.nodeClusters() == null ? List.<String>of() : dp.nodeClusters()) {
                byNodeCluster.computeIfAbsent(nodeCluster, k -> new ArrayList<>()).add(dp.id());
            }
        }
        byNodeCluster.replaceAll((k, ids) -> ids.stream().sorted().toList());
        this.dataplanes = Map.copyOf(byId);
        this.dataplaneIdsByNodeCluster = Map.copyOf(byNodeCluster);
        this.credentialsByHash = Map.copyOf(byHash);
        this.snapshots = Map.copyOf(snapshots);
        this.warnings = List.copyOf(warnings);
    }

    public long revision() {
        return revision;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** When this revision was committed, or null when unknown. */
    public Instant committedAt() {
        return committedAt;
    }

    public FleetSnapshot withCommittedAt(Instant at) {
        return new FleetSnapshot(revision, loadedAt, List.copyOf(dataplanes.values()), snapshots, warnings, at);
    }

    public int dataplaneCount() {
        return dataplanes.size();
    }

    public Set<String> dataplaneIds() {
        return dataplanes.keySet();
    }

    public Optional<Dataplane> dataplane(String id) {
        return Optional.ofNullable(dataplanes.get(id));
    }

    /** Ids of the dataplanes listing this node cluster, sorted. */
    public List<String> dataplaneIdsForNodeCluster(String nodeCluster) {
        return dataplaneIdsByNodeCluster.getOrDefault(nodeCluster, List.of());
    }

    /** The dataplane whose live credential hashes to {@code sha256} at {@code now}, with that credential's id. */
    public Optional<HeldCredential> credential(String sha256, Instant now) {
        HeldCredential held = credentialsByHash.get(sha256);
        return held != null && held.credential().activeAt(now) ? Optional.of(held) : Optional.empty();
    }

    /** A credential and the dataplane it belongs to. */
    public record HeldCredential(String dataplaneId, DataplaneCredential credential) {}

    public DataplaneSnapshot forDataplane(String dataplaneId) {
        DataplaneSnapshot snapshot = snapshots.get(dataplaneId);
        return snapshot != null ? snapshot : new DataplaneSnapshot(dataplaneId, Map.of());
    }

    /** Dangling references found while building, for logs. */
    public List<String> warnings() {
        return warnings;
    }
}
