package io.flowplane.activities.postgres;

import io.flowplane.core.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens one short-lived admin connection to a member; failover work is rare, so no pool. */
public final class MemberConnector {
    private final int connectTimeoutSeconds;
    private final int socketTimeoutSeconds;

    /**
     * @param socketTimeoutSeconds must exceed the longest statement: pg_promote waits up to 60 s
     */
    public MemberConnector(int connectTimeoutSeconds, int socketTimeoutSeconds) {
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.socketTimeoutSeconds = socketTimeoutSeconds;
    }

    public static MemberConnector forFailover() {
        return new MemberConnector(5, 90);
    }

    public Connection open(DatabaseUrl url) throws SQLException {
        Properties properties = new Properties();
        if (url.user() != null) {
            properties.setProperty("user", url.user());
        }
        if (url.password() != null) {
            properties.setProperty("password", url.password());
        }
        properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        properties.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds * 2));
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        properties.setProperty("ApplicationName", "flowplane-worker");
        return DriverManager.getConnection(url.jdbcUrl(), properties);
    }
}
