package io.flowplane.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Connection pools and schema migration for the Flowplane database. */
public final class Databases {
    /** The longest a pooled connection waits for the database to answer a statement. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private Databases() {}

    public static HikariDataSource pool(DatabaseUrl url, String poolName, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        // Start even when the database is down: health checks report it, and the pool recovers.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "5");
        // Bounds how long a request or a poll waits on a database that stopped answering (a partition, a hung
        // link): it then fails, the API answers 503 and xds-service says it serves its last snapshot. Flowplane's
        // statements are small; none should come near it.
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("ApplicationName", poolName);
        return new HikariDataSource(config);
    }

    /** Applies pending migrations. Only ever called against a primary. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "database-role-probe");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@link #isInRecovery} within a deadline, or empty when the database did not answer in time.
     * Status endpoints use it so that a lost database makes them say so quickly, not hang.
     */
    public static Optional<Boolean> isInRecoveryWithin(DataSource dataSource, Duration timeout) {
        Future<Boolean> probe = PROBES.submit(() -> isInRecovery(dataSource));
        try {
            return Optional.of(probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** True when the server is a hot standby (streaming replica) and refuses writes. */
    public static boolean isInRecovery(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
