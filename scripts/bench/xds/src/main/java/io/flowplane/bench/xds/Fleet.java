package io.flowplane.bench.xds;

import com.zaxxer.hikari.HikariDataSource;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.core.store.ClusterStore;
import io.flowplane.core.store.DataplaneStore;
import io.flowplane.core.store.ListenerStore;
import io.flowplane.core.store.RouteConfigStore;
import io.flowplane.core.store.TeamStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The benchmark fleet, written with Flowplane's own stores into a database of its own (dropped and
 * created afresh each run). One team; per dataplane one listener, one route configuration and
 * {@code clustersPerDataplane} clusters of its own; plus the cluster {@code shared}, routed to by
 * every dataplane. A change rewrites the endpoints of {@code shared}: every stream of every dataplane
 * gets exactly one new EDS response. The port of its endpoints is {@code 10000 + marker}, so a client
 * can tell which change a response carries whatever the server's version strings look like.
 */
final class Fleet implements AutoCloseable {
    static final String TEAM = "bench";
    static final String SHARED = "shared";
    static final int MARKER_PORT_BASE = 10000;

    final String url;
    final List<Dataplane> dataplanes = new ArrayList<>();
    /** Each dataplane's xDS credential, by dataplane id: Flowplane serves only streams that carry one. */
    final Map<String, String> credentials = new HashMap<>();
    final int clusters;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private Cluster shared;
    private int marker;

    private Fleet(String url, HikariDataSource dataSource, int clusters) {
        this.url = url;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.clusters = clusters;
    }

    /** Drops and re-creates {@code database} on the server of {@code adminUrl}, migrates it, writes the fleet. */
    static Fleet create(String adminUrl, String database, int dataplaneCount, int clustersPerDataplane,
            int listenerPortBase) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad database name " + database);
        }
        DatabaseUrl admin = DatabaseUrl.parse(adminUrl);
        try (HikariDataSource ds = Databases.pool(admin, "bench-admin", 1);
                Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        }
        String url = adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        HikariDataSource dataSource = Databases.pool(DatabaseUrl.parse(url), "bench-fleet", 2);
        Databases.migrate(dataSource);
        Fleet fleet = new Fleet(url, dataSource, 1 + dataplaneCount * clustersPerDataplane);
        fleet.write(dataplaneCount, clustersPerDataplane, listenerPortBase);
        return fleet;
    }

    private void write(int dataplaneCount, int clustersPerDataplane, int listenerPortBase) {
        jdbi.useTransaction(h -> {
            new TeamStore(h).create(TEAM, "xDS benchmark fleet");
            ClusterStore clusterStore = new ClusterStore(h);
            shared = clusterStore.create(TEAM, SHARED, endpoints(0), 1000);
            for (int i = 0; i < dataplaneCount; i++) {
                String dpName = String.format("dp-%03d", i);
                Dataplane dp = new DataplaneStore(h).create(TEAM, dpName, dpName + ".bench.invalid",
                        "benchmark dataplane " + i, List.of());
                dataplanes.add(dp);
                credentials.put(dp.id(), new DataplaneStore(h).issueCredential(dp.id(), Duration.ZERO).orElseThrow()
                        .secret());
                List<RouteRule> rules = new ArrayList<>();
                for (int j = 0; j < clustersPerDataplane; j++) {
                    String name = String.format("c-%03d-%d", i, j);
                    clusterStore.create(TEAM, name, List.of(new Endpoint("127.0.0.1", 20000 + j),
                            new Endpoint("127.0.0.2", 20000 + j)), 1000);
                    rules.add(new RouteRule("/svc-" + j, null, name, 15000L));
                }
                rules.add(new RouteRule("/", null, SHARED, null));
                String routeName = String.format("rc-%03d", i);
                new RouteConfigStore(h).create(TEAM, routeName,
                        List.of(new VirtualHost("all", List.of("*"), rules)));
                new ListenerStore(h).create(TEAM, String.format("ln-%03d", i), "127.0.0.1", listenerPortBase + i,
                        dp.id(), routeName);
            }
        });
    }

    private static List<Endpoint> endpoints(int marker) {
        return List.of(new Endpoint("127.0.0.1", MARKER_PORT_BASE + marker),
                new Endpoint("127.0.0.2", MARKER_PORT_BASE + marker));
    }

    /** The next change's marker, 1, 2, ... */
    synchronized int nextMarker() {
        return ++marker;
    }

    /**
     * Commits the endpoint change carrying {@code marker} in one transaction and returns the wall-clock
     * time (µs) at which COMMIT returned.
     */
    long commitChange(int marker) {
        try (Handle h = jdbi.open()) {
            h.begin();
            new ClusterStore(h).update(shared.id(), endpoints(marker), 1000, null).orElseThrow();
            h.commit();
            return Clocks.nowMicros();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Closes the pool and drops the database. */
    static void drop(String adminUrl, String database) {
        try (HikariDataSource ds = Databases.pool(DatabaseUrl.parse(adminUrl), "bench-admin", 1);
                Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }
}
