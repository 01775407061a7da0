package io.flowplane.xds.source;

import io.dropwizard.lifecycle.Managed;
import io.flowplane.core.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on {@code flowplane_config} over a dedicated connection and asks for a poll on every
 * notification, so changes load at once instead of at the next poll. Only on a primary: a streaming
 * replica never delivers NOTIFY, and there the revision poll does the work alone. Follows database
 * switches, and re-checks a replica (it may be promoted) and a failed connection periodically.
 */
public final class ConfigNotificationListener implements Managed {
    public static final String CHANNEL = "flowplane_config";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigNotificationListener.class);
    private static final int WAIT_MILLIS = 500;

    public enum State { STARTING, LISTENING, REPLICA, FAILED, STOPPED }

    private final Supplier<DatabaseUrl> database;
    private final Runnable onNotification;
    private final Duration recheckInterval;
    private volatile State state = State.STARTING;
    private volatile boolean running;
    private Thread thread;

    public ConfigNotificationListener(Supplier<DatabaseUrl> database, Runnable onNotification, Duration recheckInterval) {
        this.database = database;
        this.onNotification = onNotification;
        this.recheckInterval = recheckInterval;
    }

    public State state() {
        return state;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::listenLoop, "flowplane-config-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
        state = State.STOPPED;
    }

    private void listenLoop() {
        State reported = null;
        while (running) {
            DatabaseUrl url = database.get();
            try (Connection connection = open(url)) {
                if (isReplica(connection)) {
                    state = State.REPLICA;
                    if (reported != State.REPLICA) {
                        LOG.info("{} is a replica: NOTIFY is not delivered there, polling only", url.describe());
                    }
                    reported = state;
                    pause();
                    continue;
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                state = State.LISTENING;
                LOG.info("listening for {} notifications on {}", CHANNEL, url.describe());
                reported = state;
                onNotification.run(); // changes made while not listening
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running && url.equals(database.get())) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        onNotification.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                state = State.FAILED;
                if (reported != State.FAILED) {
                    LOG.warn("cannot LISTEN on {} ({}); polling only, retrying every {} ms", url.describe(),
                            e.getMessage(), recheckInterval.toMillis());
                }
                reported = state;
                pause();
            }
        }
    }

    private static Connection open(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "flowplane-xds-listen");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }

    private static boolean isReplica(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void pause() {
        try {
            Thread.sleep(recheckInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
