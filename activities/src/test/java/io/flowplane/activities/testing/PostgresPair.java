package io.flowplane.activities.testing;

import io.flowplane.core.db.Databases;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL primary and a streaming replica of it, private to one test class: initdb, then
 * pg_basebackup -R. Binaries come from FLOWPLANE_TEST_PG_BIN. PostgreSQL refuses to run as root, so as
 * root every command runs as the postgres user, in a folder under /var/tmp that user can reach.
 */
public final class PostgresPair implements AutoCloseable {
    public static final String BIN_VARIABLE = "FLOWPLANE_TEST_PG_BIN";

    private final Path bin;
    private final boolean asPostgresUser;
    private final Path base;
    private final Path primaryData;
    private final Path replicaData;
    public final int primaryPort;
    public final int replicaPort;

    private PostgresPair(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.asPostgresUser = "0".equals(run(List.of("id", "-u"), false).trim());
        this.base = Files.createTempDirectory(Path.of("/var/tmp"), "flowplane-it-");
        this.primaryData = base.resolve("primary");
        this.replicaData = base.resolve("replica");
        this.primaryPort = freePort();
        this.replicaPort = freePort();
        if (asPostgresUser) {
            run(List.of("chown", "postgres:postgres", base.toString()), false);
        }
    }

    /** Starts both servers; fails (never skips) when the PostgreSQL binaries are not configured. */
    public static PostgresPair start() throws Exception {
        String bin = System.getenv(BIN_VARIABLE);
        if (bin == null || bin.isBlank() || !Files.isExecutable(Path.of(bin, "initdb"))) {
            throw new IllegalStateException(BIN_VARIABLE + " must name a folder holding PostgreSQL's initdb, pg_ctl and "
                    + "pg_basebackup (e.g. /usr/lib/postgresql/15/bin); it is '" + bin + "'");
        }
        PostgresPair pair = new PostgresPair(Path.of(bin));
        try {
            pair.startPrimary();
            pair.startReplica();
            return pair;
        } catch (Exception e) {
            pair.close();
            throw e;
        }
    }

    public String primaryUrl() {
        return "postgresql://postgres@127.0.0.1:" + primaryPort + "/flowplane";
    }

    public String replicaUrl() {
        return "postgresql://postgres@127.0.0.1:" + replicaPort + "/flowplane";
    }

    public Connection connectPrimary() throws SQLException {
        return connect(primaryPort, "flowplane");
    }

    public Connection connectReplica() throws SQLException {
        return connect(replicaPort, "flowplane");
    }

    public static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?connectTimeout=5", "postgres", null);
    }

    /** Simulates losing the primary: stops it without a shutdown checkpoint. */
    public void stopPrimaryImmediately() throws IOException, InterruptedException {
        pg(List.of(tool("pg_ctl"), "-D", primaryData.toString(), "-m", "immediate", "-w", "stop"));
    }

    /**
     * Rebuilds the old primary, fenced by a planned failover, as a streaming replica of the promoted
     * replica: the steps of docs/failover.md, "Rebuilding the old primary as a replica".
     */
    public void rejoinOldPrimaryAsReplica() throws Exception {
        pg(List.of(tool("pg_ctl"), "-D", primaryData.toString(), "-m", "fast", "-w", "stop"));
        try (Connection c = connectReplica(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT"); // pg_rewind reads the new timeline from the control file a checkpoint writes
        }
        pg(List.of(tool("pg_rewind"), "--target-pgdata=" + primaryData,
                "--source-server=host=127.0.0.1 port=" + replicaPort + " user=postgres dbname=postgres",
                "--write-recovery-conf"));
        // pg_rewind copied the new primary's configuration files, its port among them.
        Files.writeString(primaryData.resolve("postgresql.conf"), "\nport = %d\n".formatted(primaryPort),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        pgCtlStart(primaryData);
        awaitStreaming(primaryPort);
    }

    private void startPrimary() throws Exception {
        pg(List.of(tool("initdb"), "-D", primaryData.toString(), "--auth=trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync"));
        Files.writeString(primaryData.resolve("postgresql.conf"), """

                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = ''
                wal_level = replica
                max_wal_senders = 5
                wal_keep_size = '64MB'
                wal_log_hints = on
                fsync = off
                """.formatted(primaryPort), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        pgCtlStart(primaryData);
        try (Connection c = connect(primaryPort, "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE flowplane");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + primaryPort + "/flowplane");
        dataSource.setUser("postgres");
        Databases.migrate(dataSource);
    }

    private void startReplica() throws Exception {
        pg(List.of(tool("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres",
                "-D", replicaData.toString(), "-R", "-X", "stream", "-c", "fast"));
        Files.writeString(replicaData.resolve("postgresql.conf"), "\nport = %d\n".formatted(replicaPort),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        pgCtlStart(replicaData);
        awaitStreaming(replicaPort);
    }

    private void awaitStreaming(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(port, "flowplane"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT status FROM pg_stat_wal_receiver")) {
                if (rs.next() && "streaming".equals(rs.getString(1))) {
                    return;
                }
            } catch (SQLException e) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the replica on port " + port + " never started streaming; see its server.log");
    }

    private void pgCtlStart(Path data) throws Exception {
        pg(List.of(tool("pg_ctl"), "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "60", "start"));
    }

    private String tool(String name) {
        return bin.resolve(name).toString();
    }

    private String pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return run(full, true);
    }

    private static String run(List<String> command, boolean check) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (check && process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Path data : List.of(replicaData, primaryData)) {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                try {
                    pg(List.of(tool("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
                } catch (IllegalStateException e) {
                    System.err.println("could not stop " + data + ": " + e.getMessage());
                }
            }
        }
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
