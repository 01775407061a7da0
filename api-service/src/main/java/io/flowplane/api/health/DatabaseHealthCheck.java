package io.flowplane.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import javax.sql.DataSource;

/** Healthy when the database answers; says whether it is a writable primary or a replica. */
public class DatabaseHealthCheck extends HealthCheck {
    private final DatabaseUrl url;
    private final DataSource dataSource;

    public DatabaseHealthCheck(DatabaseUrl url, DataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
    }

    @Override
    protected Result check() {
        try {
            boolean replica = Databases.isInRecovery(dataSource);
            return Result.builder().healthy()
                    .withMessage(url.describe() + (replica ? " (read-only replica)" : " (primary)"))
                    .withDetail("database", url.describe())
                    .withDetail("read_only", replica)
                    .build();
        } catch (Exception e) {
            return Result.unhealthy(url.describe() + " unreachable: " + e.getMessage());
        }
    }
}
