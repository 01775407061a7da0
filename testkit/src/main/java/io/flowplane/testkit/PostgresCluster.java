package io.flowplane.testkit;

import io.flowplane.core.db.Databases;
import io.flowplane.testkit.PostgresMember.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL cluster private to one test: a primary and any number of streaming replicas,
 * each named by its region, as the guide draws it:
 *
 * <pre>{@code
 * PostgresCluster.builder()
 *     .primary("us-east-1")
 *     .synchronousReplica("us-east-2")
 *     .asynchronousReplica("eu-west-1")
 *     .asynchronousReplica("ap-east-1")
 *     .withFlowplaneSchema()
 *     .start();
 * }</pre>
 *
 * The primary is made with initdb; each replica with pg_basebackup and its own
 * {@code application_name} (its region), listed in the primary's {@code synchronous_standby_names}
 * when synchronous. With {@link Builder#replicationThroughToxiproxy()} each replica streams through
 * a Toxiproxy link of its own, so a test can cut a member off ({@link #cutOff}) or slow its
 * replication down. Binaries come from FLOWPLANE_TEST_PG_BIN. Data folders live under /var/tmp,
 * which the postgres user can reach, and are removed on close.
 */
public final class PostgresCluster implements AutoCloseable {
    private static final String DATABASE = "flowplane";

    private final PostgresTools tools;
    private final Path base;
    private final Map<String, PostgresMember> members = new LinkedHashMap<>();
    private final Map<String, Toxiproxy.Link> replicationLinks = new LinkedHashMap<>();
    private final Map<String, Toxiproxy.Link> clientLinks = new LinkedHashMap<>();
    private final boolean throughToxiproxy;

    private PostgresCluster(PostgresTools tools, Path base, boolean throughToxiproxy) {
        this.tools = tools;
        this.base = base;
        this.throughToxiproxy = throughToxiproxy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The member of that region; fails naming the regions there are. */
    public PostgresMember member(String region) {
        PostgresMember member = members.get(region);
        if (member == null) {
            throw new IllegalArgumentException("no member in region '" + region + "'; the cluster has " + members.keySet());
        }
        return member;
    }

    /** The member started as the primary (it stays so named after a failover). */
    public PostgresMember primary() {
        return members.values().iterator().next();
    }

    public List<PostgresMember> members() {
        return List.copyOf(members.values());
    }

    /** The link a replica streams from its upstream through; only with {@link Builder#replicationThroughToxiproxy()}. */
    public Toxiproxy.Link replicationLink(String replicaRegion) {
        PostgresMember replica = member(replicaRegion);
        Toxiproxy.Link link = replicationLinks.get(replicaRegion);
        if (link == null) {
            throw new IllegalStateException(replica + " streams directly: build the cluster with replicationThroughToxiproxy()");
        }
        return link;
    }

    /**
     * A Toxiproxy link to the member for clients (created on first use): connect to its port instead
     * of the member's to add latency or be cut off with the member.
     */
    public synchronized Toxiproxy.Link clientLink(String region) {
        PostgresMember member = member(region);
        return clientLinks.computeIfAbsent(region, r -> Toxiproxy.shared().link("pg-clients-" + r, member.port()));
    }

    /** {@link PostgresMember#url()} through the member's {@link #clientLink}. */
    public String clientUrl(String region) {
        return "postgresql://postgres@127.0.0.1:" + clientLink(region).port() + "/" + DATABASE;
    }

    /**
     * Cuts the member off, as a partition of its region would: a replica from its upstream, the
     * primary from every replica, and the member from clients that use its {@link #clientLink}.
     * The server itself keeps running.
     */
    public void cutOff(String region) {
        linksOf(region).forEach(Toxiproxy.Link::cut);
    }

    /** Heals what {@link #cutOff} cut. */
    public void reconnect(String region) {
        linksOf(region).forEach(Toxiproxy.Link::restore);
    }

    private List<Toxiproxy.Link> linksOf(String region) {
        List<Toxiproxy.Link> links = new ArrayList<>();
        if (member(region) == primary()) {
            links.addAll(replicationLinks.values());
        } else {
            links.add(replicationLink(region));
        }
        if (clientLinks.containsKey(region)) {
            links.add(clientLinks.get(region));
        }
        return links;
    }

    public static final class Builder {
        private final Map<String, Role> roles = new LinkedHashMap<>();
        private boolean flowplaneSchema;
        private boolean throughToxiproxy;

        private Builder() {}

        public Builder primary(String region) {
            if (!roles.isEmpty()) {
                throw new IllegalStateException("name the primary first, and once");
            }
            return add(region, Role.PRIMARY);
        }

        public Builder synchronousReplica(String region) {
            return add(region, Role.SYNCHRONOUS_REPLICA);
        }

        public Builder asynchronousReplica(String region) {
            return add(region, Role.ASYNCHRONOUS_REPLICA);
        }

        /** Migrates the Flowplane schema into the primary's database before the replicas copy it. */
        public Builder withFlowplaneSchema() {
            flowplaneSchema = true;
            return this;
        }

        /** Each replica streams through a Toxiproxy link of its own, for {@link #cutOff} and latency. */
        public Builder replicationThroughToxiproxy() {
            throughToxiproxy = true;
            return this;
        }

        private Builder add(String region, Role role) {
            if (roles.isEmpty() && role != Role.PRIMARY) {
                throw new IllegalStateException("name the primary before its replicas");
            }
            if (roles.putIfAbsent(region, role) != null) {
                throw new IllegalArgumentException("region '" + region + "' named twice");
            }
            return this;
        }

        /** Starts every member and waits until each replica streams; on failure stops what started. */
        public PostgresCluster start() {
            if (roles.isEmpty()) {
                throw new IllegalStateException("a cluster needs a primary");
            }
            PostgresTools tools = new PostgresTools(TestStack.postgresBin());
            PostgresCluster cluster = new PostgresCluster(tools, createBase(tools), throughToxiproxy);
            try {
                roles.forEach(cluster::startMember);
                if (flowplaneSchema) {
                    // after the replicas' base backups is fine too: they receive the schema by streaming
                    cluster.migrate();
                }
                cluster.requireSynchronousReplicas();
                return cluster;
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }

        private static Path createBase(PostgresTools tools) {
            try {
                Path base = Files.createTempDirectory(Path.of("/var/tmp"), "flowplane-pg-");
                if (tools.asPostgresUser()) {
                    Commands.run(List.of("chown", "postgres:postgres", base.toString()));
                }
                return base;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void startMember(String region, Role role) {
        PostgresMember member = new PostgresMember(region, role, DATABASE, Ports.next(),
                base.resolve(region.replaceAll("[^A-Za-z0-9_-]", "_")), tools);
        if (role == Role.PRIMARY) {
            tools.run(tools.tool("initdb"), "-D", member.data().toString(), "--auth=trust", "-U", "postgres", "-E", "UTF8",
                    "--locale=C", "--no-sync");
            member.appendConfiguration("""
                    listen_addresses = '127.0.0.1'
                    port = %d
                    unix_socket_directories = ''
                    wal_level = replica
                    max_wal_senders = 10
                    wal_keep_size = '64MB'
                    wal_log_hints = on
                    hot_standby = on
                    fsync = off""".formatted(member.port()));
            members.put(region, member);
            member.start();
            execute(member, "postgres", "CREATE DATABASE " + DATABASE);
        } else {
            int upstreamPort = primary().port();
            if (throughToxiproxy) {
                Toxiproxy.Link link = Toxiproxy.shared().link("pg-replication-" + region, upstreamPort);
                replicationLinks.put(region, link);
                upstreamPort = link.port(); // -R writes this port into primary_conninfo
            }
            tools.run(tools.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(upstreamPort), "-U", "postgres",
                    "-D", member.data().toString(), "-X", "stream", "-c", "fast", "-R",
                    "-d", "application_name=" + member.applicationName());
            member.appendConfiguration("port = " + member.port());
            members.put(region, member);
            member.start();
            member.awaitStreaming();
        }
    }

    private void migrate() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + primary().port() + "/" + DATABASE);
        dataSource.setUser("postgres");
        Databases.migrate(dataSource);
    }

    /** Set once every replica streams, so no commit ever waits for a standby still being copied. */
    private void requireSynchronousReplicas() {
        List<String> names = members.values().stream()
                .filter(member -> member.role() == Role.SYNCHRONOUS_REPLICA)
                .map(PostgresMember::applicationName)
                .toList();
        if (!names.isEmpty()) {
            execute(primary(), DATABASE, "ALTER SYSTEM SET synchronous_standby_names = 'FIRST " + names.size() + " ("
                    + String.join(", ", names) + ")'");
            execute(primary(), DATABASE, "SELECT pg_reload_conf()");
        }
    }

    /** The data folders go; the members' logs stay with the test's other logs. */
    private void keepLogs() {
        for (PostgresMember member : members.values()) {
            try {
                if (Files.exists(member.log())) {
                    Files.copy(member.log(), TestStack.logDir().resolve(base.getFileName() + "-" + member.region() + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                System.err.println("could not keep the log of " + member + ": " + e.getMessage());
            }
        }
    }

    private static void execute(PostgresMember member, String database, String sql) {
        try (Connection c = member.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + member + ": " + e.getMessage(), e);
        }
    }

    /** Stops every member that still runs (immediately: the data is thrown away) and removes the data folders. */
    @Override
    public void close() {
        List<PostgresMember> reversed = new ArrayList<>(members.values());
        java.util.Collections.reverse(reversed);
        for (PostgresMember member : reversed) {
            if (member.isRunning()) {
                try {
                    member.stopImmediately();
                } catch (RuntimeException e) {
                    System.err.println("could not stop " + member + ": " + e.getMessage());
                }
            }
        }
        keepLogs();
        replicationLinks.values().forEach(Toxiproxy.Link::close);
        clientLinks.values().forEach(Toxiproxy.Link::close);
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + base + ": " + e.getMessage());
        }
    }
}
