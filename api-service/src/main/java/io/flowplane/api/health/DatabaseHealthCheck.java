package io.flowplane.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.flowplane.core.db.SwitchableDataSource;
import io.flowplane.core.db.Databases;

/** Healthy when the database answers; says whether it is a writable primary or a replica. */
public class DatabaseHealthCheck extends HealthCheck {
    private final SwitchableDataSource dataSource;

    public DatabaseHealthCheck(SwitchableDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected Result check() {
        try {
            boolean replica = Databases.isInRecovery(dataSource);
            return Result.builder().healthy()
                    .withMessage(dataSource.url().describe() + (replica ? " (read-only replica)" : " (primary)"))
                    .withDetail("database", dataSource.url().describe())
                    .withDetail("read_only", replica)
                    .build();
        } catch (Exception e) {
            return Result.unhealthy(dataSource.url().describe() + " unreachable: " + e.getMessage());
        }
    }
}
