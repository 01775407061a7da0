package io.flowplane.xds.status;

import com.codahale.metrics.health.HealthCheck;
import io.flowplane.xds.source.LoadStatus;
import java.util.function.Supplier;

/**
 * Healthy once a configuration was loaded and the latest poll of the database succeeded. Health is
 * unauthenticated, so the answer names no host and repeats no database error: those go to the log.
 */
public final class ConfigHealthCheck extends HealthCheck {
    private final Supplier<LoadStatus> loadStatus;

    public ConfigHealthCheck(Supplier<LoadStatus> loadStatus) {
        this.loadStatus = loadStatus;
    }

    @Override
    protected Result check() {
        LoadStatus status = loadStatus.get();
        if (!status.loaded()) {
            return Result.unhealthy("no configuration loaded yet"
                    + (status.lastError() == null ? "" : "; the database read fails (the log says why)"));
        }
        if (!status.lastPollSucceeded()) {
            return Result.unhealthy("last poll failed at " + status.lastErrorAt() + ", still serving revision "
                    + status.revision() + "; the log says why");
        }
        return Result.healthy("serving revision " + status.revision());
    }
}
