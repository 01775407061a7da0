package io.flowplane.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.core.model.FleetConfig;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import io.flowplane.xds.testing.Fleets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * An update from the change log must give exactly what a whole-fleet build of the same revision
 * gives, for every dataplane, however the changes are mixed; and leave untouched dataplanes alone.
 */
class SnapshotBuilderUpdateTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void updatesMatchAWholeFleetBuildAfterEveryRandomChange(long seed) {
        Random random = new Random(seed);
        ConfigDatabase db = new ConfigDatabase();
        for (int i = 0; i < 12; i++) {
            db.randomWrite(random);
        }
        db.drainChanges();
        SnapshotBuilder incremental = new SnapshotBuilder();
        incremental.build(db.fleet(), T0);

        for (int step = 0; step < 300; step++) {
            int writes = 1 + random.nextInt(3);
            for (int w = 0; w < writes; w++) {
                db.randomWrite(random);
            }
            FleetChanges changes = db.drainChanges();
            FleetSnapshot updated = incremental.update(changes, T0);
            FleetSnapshot full = new SnapshotBuilder().build(db.fleet(), T0);

            assertThat(updated.revision()).isEqualTo(db.revision);
            assertThat(contents(updated, db.dataplaneIds())).as("seed %d step %d", seed, step)
                    .isEqualTo(contents(full, db.dataplaneIds()));
            assertThat(new HashSet<>(updated.warnings())).as("seed %d step %d", seed, step)
                    .isEqualTo(new HashSet<>(full.warnings()));
        }
    }

    @Test
    void anEndpointChangeRebuildsOnlyTheDataplanesThatRouteToTheCluster() {
        SnapshotBuilder builder = new SnapshotBuilder();
        FleetSnapshot before = builder.build(Fleets.twoDataplanes().build(), T0);
        Cluster changed = new Cluster("cl_backend-a", "payments", "backend-a", List.of(new Endpoint("10.0.0.9", 8080)),
                1000, 2, T0, T0);

        FleetSnapshot after = builder.update(new FleetChanges(1, 2, T0, Set.of(), Set.of(changed.id()), Set.of(),
                Set.of(), List.of(), List.of(changed), List.of(), List.of()), T0);

        assertThat(after.forDataplane("dp_b")).isSameAs(before.forDataplane("dp_b"));
        assertThat(after.forDataplane("dp_a").resources(TypeUrls.ENDPOINT).get("backend-a").digest())
                .isNotEqualTo(before.forDataplane("dp_a").resources(TypeUrls.ENDPOINT).get("backend-a").digest());
        assertThat(after.forDataplane("dp_a").resources(TypeUrls.LISTENER).get("ingress-a"))
                .isSameAs(before.forDataplane("dp_a").resources(TypeUrls.LISTENER).get("ingress-a"));
        assertThat(after.committedAt()).isEqualTo(T0);
    }

    @Test
    void changesThatDoNotStartAtTheBuiltRevisionAreRefused() {
        SnapshotBuilder builder = new SnapshotBuilder();
        FleetChanges fromFive = new FleetChanges(5, 6, T0, Set.of(), Set.of(), Set.of(), Set.of(), List.of(),
                List.of(), List.of(), List.of());
        assertThat(builder.canUpdateFrom(5)).isFalse();
        assertThatThrownBy(() -> builder.update(fromFive, T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no complete build");

        builder.build(Fleets.twoDataplanes().revision(4).build(), T0);
        assertThat(builder.canUpdateFrom(4)).isTrue();
        assertThatThrownBy(() -> builder.update(fromFive, T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a build of revision 4");
    }

    /** Per dataplane and type: resource name to content digest. */
    private static Map<String, Map<String, Map<String, String>>> contents(FleetSnapshot snapshot, Set<String> ids) {
        Map<String, Map<String, Map<String, String>>> out = new TreeMap<>();
        for (String id : ids) {
            DataplaneSnapshot dp = snapshot.forDataplane(id);
            Map<String, Map<String, String>> byType = new TreeMap<>();
            for (String type : TypeUrls.PUSH_ORDER) {
                ResourceSet set = dp.resources(type);
                byType.put(type, set.names().stream().collect(Collectors.toMap(Function.identity(),
                        n -> set.get(n).digest(), (a, b) -> a, TreeMap::new)));
            }
            out.put(id, byType);
        }
        return out;
    }

    /**
     * The configuration tables in memory, with the database's rules (unique team/name, listeners
     * deleted before their dataplane) and its change log: every written id, per kind.
     */
    private static final class ConfigDatabase {
        private static final List<String> TEAMS = List.of("payments", "search");
        final Map<String, Dataplane> dataplanes = new TreeMap<>();
        final Map<String, Cluster> clusters = new TreeMap<>();
        final Map<String, RouteConfigSpec> routeConfigs = new TreeMap<>();
        final Map<String, Listener> listeners = new TreeMap<>();
        final Set<String> changedDataplanes = new HashSet<>();
        final Set<String> changedClusters = new HashSet<>();
        final Set<String> changedRouteConfigs = new HashSet<>();
        final Set<String> changedListeners = new HashSet<>();
        long revision = 1;
        long drainedAt = 1;
        int nextId;

        void randomWrite(Random r) {
            revision++;
            String team = pick(r, TEAMS);
            switch (r.nextInt(8)) {
                case 0 -> {
                    String id = "dp" + r.nextInt(5);
                    Dataplane old = dataplanes.get(id);
                    String dpTeam = old == null ? team : old.team();
                    dataplanes.put(id, new Dataplane(id, dpTeam, id, null, null, List.of("nc-" + r.nextInt(3)),
                            revision, T0, T0));
                    changedDataplanes.add(id);
                }
                case 1 -> {
                    String id = "dp" + r.nextInt(5);
                    if (dataplanes.remove(id) != null) {
                        changedDataplanes.add(id);
                        new ArrayList<>(listeners.values()).stream().filter(l -> l.dataplaneId().equals(id))
                                .forEach(l -> delete(listeners, changedListeners, l.id()));
                    }
                }
                case 2 -> {
                    String name = "c" + r.nextInt(5);
                    List<Endpoint> endpoints = r.nextBoolean()
                            ? List.of(new Endpoint("10.0.0." + r.nextInt(4), 8080 + r.nextInt(3)))
                            : List.of(new Endpoint("svc-" + r.nextInt(3) + ".internal", 8080));
                    String id = idFor(clusters.values(), Cluster::team, Cluster::name, Cluster::id, team, name, "cl");
                    clusters.put(id, new Cluster(id, team, name, endpoints, 1000 + r.nextInt(2), revision, T0, T0));
                    changedClusters.add(id);
                }
                case 3 -> deleteRandom(r, clusters, changedClusters);
                case 4 -> {
                    String name = "r" + r.nextInt(4);
                    List<RouteSpec> routes = new ArrayList<>();
                    for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
                        routes.add(RouteSpec.of(new RouteRule("/p" + i, null, "c" + r.nextInt(6), null)));
                    }
                    String id = idFor(routeConfigs.values(), RouteConfigSpec::team, RouteConfigSpec::name,
                            RouteConfigSpec::id, team, name, "rc");
                    routeConfigs.put(id, new RouteConfigSpec(id, team, name,
                            List.of(new VirtualHostSpec("vh", List.of("*"), routes)), revision, T0, T0));
                    changedRouteConfigs.add(id);
                }
                case 5 -> deleteRandom(r, routeConfigs, changedRouteConfigs);
                case 6 -> {
                    if (dataplanes.isEmpty()) {
                        return;
                    }
                    String name = "l" + r.nextInt(6);
                    String dataplane = pick(r, List.copyOf(dataplanes.keySet()));
                    String id = idFor(listeners.values(), Listener::team, Listener::name, Listener::id, team, name,
                            "ln");
                    listeners.put(id, new Listener(id, team, name, "0.0.0.0", 10000 + r.nextInt(3), dataplane,
                            "r" + r.nextInt(5), revision, T0, T0));
                    changedListeners.add(id);
                }
                default -> deleteRandom(r, listeners, changedListeners);
            }
        }

        /** The existing row's id for (team, name), or a new id: a name deleted and created again gets a new id. */
        private <T> String idFor(Iterable<T> rows, Function<T, String> team, Function<T, String> name,
                Function<T, String> id, String wantedTeam, String wantedName, String prefix) {
            for (T row : rows) {
                if (team.apply(row).equals(wantedTeam) && name.apply(row).equals(wantedName)) {
                    return id.apply(row);
                }
            }
            return prefix + "_" + (nextId++);
        }

        private static <T> void deleteRandom(Random r, Map<String, T> rows, Set<String> changed) {
            if (!rows.isEmpty()) {
                delete(rows, changed, pick(r, List.copyOf(rows.keySet())));
            }
        }

        private static <T> void delete(Map<String, T> rows, Set<String> changed, String id) {
            rows.remove(id);
            changed.add(id);
        }

        private static <T> T pick(Random r, List<T> items) {
            return items.get(r.nextInt(items.size()));
        }

        Set<String> dataplaneIds() {
            return dataplanes.keySet();
        }

        DetailedFleet fleet() {
            FleetConfig config = new FleetConfig(revision, List.copyOf(dataplanes.values()),
                    List.copyOf(clusters.values()), List.of(), List.copyOf(listeners.values()));
            return new DetailedFleet(config, List.copyOf(routeConfigs.values()));
        }

        FleetChanges drainChanges() {
            FleetChanges changes = new FleetChanges(drainedAt, revision, T0,
                    changedDataplanes, changedClusters, changedRouteConfigs, changedListeners,
                    present(dataplanes, changedDataplanes), present(clusters, changedClusters),
                    present(routeConfigs, changedRouteConfigs), present(listeners, changedListeners));
            changedDataplanes.clear();
            changedClusters.clear();
            changedRouteConfigs.clear();
            changedListeners.clear();
            drainedAt = revision;
            return changes;
        }

        private static <T> List<T> present(Map<String, T> rows, Set<String> ids) {
            return ids.stream().filter(rows::containsKey).map(rows::get).toList();
        }
    }
}
