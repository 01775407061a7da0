package io.flowplane.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.serviceclient.WorkflowServiceStubs;

public class TemporalHealthCheck extends HealthCheck {
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
                    ? Result.healthy("Temporal at " + address + " is serving")
                    : Result.unhealthy("Temporal at " + address + " answers " + response.getStatus());
        } catch (Exception e) {
            return Result.unhealthy("Temporal at " + address + " unreachable: " + e.getMessage());
        }
    }
}
