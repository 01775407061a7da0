package io.flowplane.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Healthy when Temporal answers SERVING. Health is unauthenticated, so the answer names no host: where
 * Temporal is, and why it failed, go to the log.
 */
public class TemporalHealthCheck extends HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(TemporalHealthCheck.class);

    private final WorkflowServiceStubs service;
    private final String address;

    public TemporalHealthCheck(WorkflowServiceStubs service, String address) {
        this.service = service;
        this.address = address;
    }

    @Override
    protected Result check() {
        try {
            var response = service.healthCheck();
            return response.getStatus().name().equals("SERVING")
                    ? Result.healthy("Temporal is serving")
                    : Result.unhealthy("Temporal answers " + response.getStatus());
        } catch (Exception e) {
            LOG.warn("health check: Temporal at {} unreachable: {}", address, e.getMessage());
            return Result.unhealthy("Temporal unreachable (" + e.getClass().getSimpleName() + "); see the log");
        }
    }
}
