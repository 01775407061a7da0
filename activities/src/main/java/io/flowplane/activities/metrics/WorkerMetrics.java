package io.flowplane.activities.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/** The worker's Prometheus metrics, in a registry of their own. */
public final class WorkerMetrics {
    private final CollectorRegistry registry = new CollectorRegistry();

    final Counter operationsStarted = Counter.build("flowplane_operations_started_total", "Operations started, by kind.")
            .labelNames("kind").register(registry);
    final Counter operationsSucceeded = Counter.build("flowplane_operations_succeeded_total",
            "Operations that completed, dry runs included, by kind.").labelNames("kind").register(registry);
    final Counter operationsFailed = Counter.build("flowplane_operations_failed_total",
            "Operations that failed or were aborted, by kind.").labelNames("kind").register(registry);
    final Histogram stepDuration = Histogram.build("flowplane_operation_step_duration_seconds",
                    "Time each runbook step took, waiting for approval included.")
            .labelNames("kind", "step")
            .buckets(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)
            .register(registry);
    final Gauge replicationLag = Gauge.build("pg_replication_lag_seconds",
                    "Replica lag: 0 when all received WAL is replayed, else seconds since the last replayed transaction.")
            .labelNames("cluster", "member").register(registry);

    public CollectorRegistry registry() {
        return registry;
    }
}
