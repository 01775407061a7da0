package io.flowplane.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.flowplane.core.db.Databases;
import io.flowplane.core.db.SwitchableDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Healthy when the database answers; says whether it is a writable primary or a replica. Health is
 * unauthenticated, so the answer names no host: the URL is in the hooks' status and, on failure, the log.
 */
public class DatabaseHealthCheck extends HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealthCheck.class);

    private final SwitchableDataSource dataSource;

    public DatabaseHealthCheck(SwitchableDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    protected Result check() {
        try {
            boolean replica = Databases.isInRecovery(dataSource);
            return Result.builder().healthy()
                    .withMessage(replica ? "read-only replica" : "primary")
                    .withDetail("read_only", replica)
                    .build();
        } catch (Exception e) {
            LOG.warn("health check: database {} unreachable: {}", dataSource.url().describe(), e.getMessage());
            return Result.unhealthy("database unreachable (" + e.getClass().getSimpleName() + "); see the log");
        }
    }
}
