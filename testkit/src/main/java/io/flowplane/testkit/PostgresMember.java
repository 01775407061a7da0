package io.flowplane.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * One PostgreSQL server of a {@link PostgresCluster}, named by its region: its own data folder,
 * port and log, started and stopped with pg_ctl the way an operator would.
 */
public final class PostgresMember {
    /** How the member joined the cluster; a promotion does not change it. */
    public enum Role { PRIMARY, SYNCHRONOUS_REPLICA, ASYNCHRONOUS_REPLICA }

    private final String region;
    private final Role role;
    private final String database;
    private final int port;
    private final Path data;
    private final PostgresTools tools;

    PostgresMember(String region, Role role, String database, int port, Path data, PostgresTools tools) {
        this.region = region;
        this.role = role;
        this.database = database;
        this.port = port;
        this.data = data;
        this.tools = tools;
    }

    public String region() {
        return region;
    }

    public Role role() {
        return role;
    }

    public int port() {
        return port;
    }

    /** The name this member streams under: what pg_stat_replication and synchronous_standby_names show. */
    public String applicationName() {
        return region.replaceAll("[^A-Za-z0-9]", "_");
    }

    /** FLOWPLANE_DATABASE_URL form of the cluster's database on this member. */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        return connect(database);
    }

    public Connection connect(String databaseName) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName + "?connectTimeout=5", "postgres", null);
    }

    /** Runs one statement on the cluster's database. */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + this + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row, as a number (a count, an LSN difference). */
    public long queryLong(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + this + ": " + e.getMessage(), e);
        }
    }

    public boolean isInRecovery() {
        return queryBoolean("SELECT pg_is_in_recovery()");
    }

    /**
     * The timeline a member that takes writes writes on: 1 until a promotion, one more with each
     * promotion in its history. Read from the current WAL file's name, which changes with the
     * promotion itself (the control file's copy waits for the next checkpoint).
     */
    public int timeline() {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")) {
            rs.next();
            return Integer.parseInt(rs.getString(1), 16);
        } catch (SQLException e) {
            throw new IllegalStateException(region + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server cleanly (fast shutdown, with a checkpoint). */
    public void stop() {
        tools.pgCtl("-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    /** Stops the server without a shutdown checkpoint, as losing its host would. */
    public void stopImmediately() {
        tools.pgCtl("-D", data.toString(), "-m", "immediate", "-w", "stop");
    }

    /** Ends the postmaster with SIGKILL, as a crash would; its children notice and exit. */
    public void kill() {
        long pid = postmasterPid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Wait.until(region + " postmaster " + pid + " to exit after SIGKILL", Duration.ofSeconds(30),
                () -> ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true));
    }

    public void start() {
        tools.pgCtl("-D", data.toString(), "-l", log().toString(), "-w", "-t", "60", "start");
    }

    /** Promotes a replica by hand (pg_ctl promote) and waits until it takes writes. */
    public void promote() {
        tools.pgCtl("-D", data.toString(), "-w", "-t", "60", "promote");
        Wait.until(region + " to leave recovery after promotion", Duration.ofSeconds(60), () -> !isInRecovery());
    }

    /** Waits until this replica's WAL receiver streams from its upstream. */
    public void awaitStreaming() {
        Wait.until(region + " to stream from its upstream (log: " + log() + ")", Duration.ofSeconds(60), () ->
                queryBoolean("SELECT coalesce((SELECT status = 'streaming' FROM pg_stat_wal_receiver), false)"));
    }

    /**
     * Rebuilds this stopped-or-running former primary as a streaming replica of {@code upstream} with
     * pg_rewind: the steps of docs/failover.md, "Rebuilding the old primary as a replica".
     */
    public void rejoinAsReplicaOf(PostgresMember upstream) throws SQLException {
        if (isRunning()) {
            stop();
        }
        try (Connection c = upstream.connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT"); // pg_rewind reads the new timeline from the control file a checkpoint writes
        }
        tools.run(tools.tool("pg_rewind"), "--target-pgdata=" + data,
                "--source-server=host=127.0.0.1 port=" + upstream.port + " user=postgres dbname=postgres",
                "--write-recovery-conf");
        // pg_rewind copied the new primary's configuration files, its port among them.
        appendConfiguration("port = " + port);
        start();
        awaitStreaming();
    }

    public boolean isRunning() {
        return Files.exists(data.resolve("postmaster.pid"));
    }

    public Path log() {
        return data.resolveSibling(region + ".log");
    }

    Path data() {
        return data;
    }

    void appendConfiguration(String lines) {
        try {
            Files.writeString(data.resolve("postgresql.conf"), "\n" + lines + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            return Long.parseLong(lines.get(0).trim());
        } catch (IOException e) {
            throw new IllegalStateException(region + " is not running (no postmaster.pid in " + data + ")", e);
        }
    }

    private boolean queryBoolean(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(region + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return region + " (" + role + ", port " + port + ")";
    }
}
