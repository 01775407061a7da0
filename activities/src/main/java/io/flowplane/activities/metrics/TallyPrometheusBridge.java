package io.flowplane.activities.metrics;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import io.flowplane.workflows.operation.OperationMetrics;
import java.util.Map;

/**
 * Receives what workflows record through Temporal's replay-aware metrics scope and keeps Flowplane's own
 * metrics (names starting with flowplane_) in Prometheus form. The SDK's metrics are dropped.
 */
public final class TallyPrometheusBridge implements StatsReporter {
    private final WorkerMetrics metrics;

    public TallyPrometheusBridge(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void reportCounter(String name, Map<String, String> tags, long value) {
        String kind = tags.getOrDefault(OperationMetrics.KIND_TAG, "unknown");
        switch (name) {
            case OperationMetrics.STARTED -> metrics.operationsStarted.labels(kind).inc(value);
            case OperationMetrics.SUCCEEDED -> metrics.operationsSucceeded.labels(kind).inc(value);
            case OperationMetrics.FAILED -> metrics.operationsFailed.labels(kind).inc(value);
            default -> { }
        }
    }

    @Override
    public void reportTimer(String name, Map<String, String> tags, Duration interval) {
        if (OperationMetrics.STEP_DURATION.equals(name)) {
            metrics.stepDuration.labels(tags.getOrDefault(OperationMetrics.KIND_TAG, "unknown"),
                    tags.getOrDefault(OperationMetrics.STEP_TAG, "unknown")).observe(interval.getSeconds());
        }
    }

    @Override
    public void reportGauge(String name, Map<String, String> tags, double value) {}

    @Override
    public void reportHistogramValueSamples(String name, Map<String, String> tags, Buckets buckets,
            double bucketLowerBound, double bucketUpperBound, long samples) {}

    @Override
    public void reportHistogramDurationSamples(String name, Map<String, String> tags, Buckets buckets,
            Duration bucketLowerBound, Duration bucketUpperBound, long samples) {}

    @Override
    public Capabilities capabilities() {
        return CapableOf.REPORTING_TAGGING;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
