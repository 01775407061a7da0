package io.flowplane.core.db;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A connection pool whose database can be changed while the service runs: the new pool is opened
 * and proven before it replaces the old one, so a failed switch changes nothing.
 */
public final class SwitchableDataSource implements DataSource, AutoCloseable {
    private final String poolName;
    private final int maxConnections;
    private final AtomicReference<Target> current = new AtomicReference<>();

    private record Target(DatabaseUrl url, HikariDataSource pool) {}

    public SwitchableDataSource(DatabaseUrl url, String poolName, int maxConnections) {
        this.poolName = poolName;
        this.maxConnections = maxConnections;
        current.set(new Target(url, Databases.pool(url, poolName, maxConnections)));
    }

    public DatabaseUrl url() {
        return current.get().url();
    }

    /** Opens a pool on {@code url}, checks it answers, then makes it current and closes the old one. */
    public void switchTo(DatabaseUrl url) throws SQLException {
        HikariDataSource candidate = Databases.pool(url, poolName, maxConnections);
        try (Connection c = candidate.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            candidate.close();
            throw e;
        }
        Target old = current.getAndSet(new Target(url, candidate));
        old.pool().close();
    }

    /** Reopens the pool on the current database: every connection is new afterwards. */
    public void reopen() throws SQLException {
        switchTo(url());
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current.get().pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the database URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public void close() {
        current.get().pool().close();
    }
}
