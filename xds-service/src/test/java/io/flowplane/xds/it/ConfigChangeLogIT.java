package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.ResourceSet;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.source.FleetReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The change log on real PostgreSQL: what it records, in which order, and when it cannot answer. */
class ConfigChangeLogIT {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private final StoreDatabase db = StoreDatabase.create();
    private final FleetReader reader = FleetReader.of(db.jdbi);

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void updatesFromTheLogMatchAWholeFleetReadAfterEachKindOfWrite() {
        db.teams().create("payments", null);
        Dataplane eu = db.dataplanes().create("payments", "eu", null, null, List.of("eu-west-dataplane"));
        Dataplane us = db.dataplanes().create("payments", "us", null, null, List.of());
        Cluster backend = db.clusters().create("payments", "backend", List.of(new Endpoint("10.0.0.1", 8080)), 1000);
        RouteConfig routes = db.routeConfigs().create("payments", "routes", List.of(new VirtualHost("all",
                List.of("*"), List.of(new RouteRule("/", null, "backend", null)))));
        Listener ingress = db.listeners().create("payments", "ingress", "0.0.0.0", 10000, eu.id(), "routes");

        SnapshotBuilder builder = new SnapshotBuilder();
        builder.build(reader.loadFleet(), NOW);
        long served = db.revision();

        db.clusters().update(backend.id(), List.of(new Endpoint("10.0.0.2", 8080)), 1000, null).orElseThrow();
        served = applyAndCompare(builder, served, List.of(backend.id()));

        db.listeners().update(ingress.id(), "0.0.0.0", 10001, us.id(), "routes", null).orElseThrow();
        served = applyAndCompare(builder, served, List.of(ingress.id()));

        db.routeConfigs().delete(routes.id(), null).orElseThrow();
        RouteConfig again = db.routeConfigs().create("payments", "routes", List.of(new VirtualHost("all",
                List.of("*"), List.of(new RouteRule("/v2", null, "backend", null)))));
        served = applyAndCompare(builder, served, List.of(routes.id(), again.id()));

        db.listeners().delete(ingress.id(), null).orElseThrow();
        db.clusters().delete(backend.id(), null).orElseThrow();
        db.dataplanes().delete(eu.id(), null).orElseThrow();
        applyAndCompare(builder, served, List.of(ingress.id(), backend.id(), eu.id()));
    }

    /** Reads the changes after {@code served}, checks their ids, applies them, compares with a whole read. */
    private long applyAndCompare(SnapshotBuilder builder, long served, List<String> expectedIds) {
        FleetChanges changes = reader.changesSince(served).orElseThrow();
        assertThat(changes.revision()).isEqualTo(db.revision());
        assertThat(changes.committedAt()).isNotNull();
        assertThat(allIds(changes)).containsExactlyInAnyOrderElementsOf(expectedIds);

        FleetSnapshot updated = builder.update(changes, NOW);
        FleetSnapshot whole = new SnapshotBuilder().build(reader.loadFleet(), NOW);
        assertThat(whole.revision()).isEqualTo(updated.revision());
        assertThat(updated.dataplaneIds()).isEqualTo(whole.dataplaneIds());
        assertThat(contents(updated)).isEqualTo(contents(whole));
        return changes.revision();
    }

    @Test
    void aWriterThatWaitedForAnotherLogsItsChangeUnderTheLaterRevision() throws Exception {
        db.teams().create("payments", null);
        Cluster a = db.clusters().create("payments", "a", List.of(new Endpoint("10.0.0.1", 80)), 1000);
        Cluster b = db.clusters().create("payments", "b", List.of(new Endpoint("10.0.0.1", 80)), 1000);
        long start = db.revision();

        try (Handle first = db.jdbi.open()) {
            first.begin();
            first.execute("UPDATE clusters SET connect_timeout_ms = 2000 WHERE id = ?", a.id());
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> db.jdbi.useHandle(h ->
                    h.execute("UPDATE clusters SET connect_timeout_ms = 3000 WHERE id = ?", b.id())));
            // Seen, not assumed: the second writer's session waits on a lock the first one holds.
            long firstPid = first.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
            DatabaseUrl url = DatabaseUrl.parse(db.primaryUrl); // outside the pool, whose two connections the writers hold
            Jdbi observer = Jdbi.create(url.jdbcUrl(), url.user(), url.password());
            Wait.until("the second writer to wait for the first in pg_locks", Duration.ofSeconds(10), () -> observer.withHandle(h ->
                    h.createQuery("SELECT count(*) FROM pg_locks l WHERE NOT l.granted AND :first = ANY(pg_blocking_pids(l.pid))")
                            .bind("first", (int) firstPid).mapTo(Integer.class).one()) > 0);
            assertThat(second).isNotDone();
            first.commit();
            second.get(10, TimeUnit.SECONDS);
        }

        assertThat(db.revision()).isEqualTo(start + 2);
        assertThat(reader.changesSince(start).orElseThrow().clusterIds()).containsExactlyInAnyOrder(a.id(), b.id());
        FleetChanges afterFirst = reader.changesSince(start + 1).orElseThrow();
        assertThat(afterFirst.clusterIds()).containsExactly(b.id());
        assertThat(afterFirst.clusters()).extracting(Cluster::connectTimeoutMs).containsExactly(3000);
    }

    @Test
    void theLogRefusesRevisionsItNoLongerCoversOrHasNotSeen() {
        db.teams().create("payments", null);
        long before = db.revision();
        db.clusters().create("payments", "a", List.of(new Endpoint("10.0.0.1", 80)), 1000);

        assertThat(reader.changesSince(before)).isPresent();
        assertThat(reader.changesSince(db.revision() + 5)).as("a revision from another database").isEmpty();
        assertThat(reader.changesSince(db.revision()).orElseThrow().changedRows()).isZero();

        // The thousandth revision prunes what is more than 10,000 revisions old.
        execute("UPDATE config_revision SET revision = 19999");
        db.clusters().create("payments", "b", List.of(new Endpoint("10.0.0.1", 80)), 1000);
        assertThat(db.revision()).isEqualTo(20000);
        assertThat(reader.changesSince(before)).as("pruned").isEmpty();
        assertThat(reader.changesSince(10000)).isPresent();
        assertThat(count("SELECT count(*) FROM config_changes WHERE revision <= 10000")).isZero();
        assertThat(count("SELECT count(*) FROM config_changes WHERE revision = 20000")).isEqualTo(1);
    }

    @Test
    void aSchemaWithoutTheLogMeansReadEverythingNotAFailedPoll() {
        execute("DROP TABLE config_changes CASCADE");
        assertThat(reader.changesSince(db.revision())).isEmpty();
        execute("ALTER TABLE config_revision DROP COLUMN changes_kept_after");
        assertThat(reader.changesSince(db.revision())).isEmpty();
        for (int i = 0; i < 4; i++) { // the pooled connections were left outside any aborted transaction
            assertThat(reader.currentRevision()).isEqualTo(db.revision());
        }
    }

    @Test
    void aStreamingReplicaAnswersFromItsCopyOfTheLog() throws Exception {
        db.teams().create("payments", null);
        long before = db.revision();
        Cluster cluster = db.clusters().create("payments", "a", List.of(new Endpoint("10.0.0.1", 80)), 1000);
        try (HikariDataSource replica = Databases.pool(DatabaseUrl.parse(db.replicaUrl), "fp-it-replica", 1)) {
            FleetReader replicaReader = FleetReader.of(Jdbi.create(replica));
            // The database is new: until the replica has replayed its schema, the read fails; that is "not yet" too.
            Wait.until("the replica to reach revision " + db.revision(), Duration.ofSeconds(20),
                    () -> replicaReader.currentRevision() >= db.revision());
            FleetChanges changes = replicaReader.changesSince(before).orElseThrow();
            assertThat(changes.clusters()).extracting(Cluster::id).containsExactly(cluster.id());
        }
    }

    private void execute(String sql) {
        db.jdbi.useHandle(h -> h.execute(sql));
    }

    private long count(String sql) {
        return db.jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static List<String> allIds(FleetChanges changes) {
        return Stream.of(changes.dataplaneIds(), changes.clusterIds(), changes.routeConfigIds(), changes.listenerIds())
                .flatMap(Set::stream).toList();
    }

    /** Per dataplane and type: resource name to content digest. */
    private static Map<String, Map<String, Map<String, String>>> contents(FleetSnapshot snapshot) {
        Map<String, Map<String, Map<String, String>>> out = new TreeMap<>();
        for (String id : snapshot.dataplaneIds()) {
            Map<String, Map<String, String>> byType = new TreeMap<>();
            for (String type : TypeUrls.PUSH_ORDER) {
                ResourceSet set = snapshot.forDataplane(id).resources(type);
                Map<String, String> digests = new TreeMap<>();
                set.names().forEach(name -> digests.put(name, set.get(name).digest()));
                byType.put(type, digests);
            }
            out.put(id, byType);
        }
        return out;
    }
}
