package io.flowplane.workflows.operation;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * Metrics recorded from workflow code through Temporal's replay-aware scope, so a replay never counts twice.
 * The worker forwards these names to Prometheus (see the activities module's TallyPrometheusBridge).
 */
public final class OperationMetrics {
    public static final String STARTED = "flowplane_operations_started";
    public static final String SUCCEEDED = "flowplane_operations_succeeded";
    public static final String FAILED = "flowplane_operations_failed";
    public static final String STEP_DURATION = "flowplane_operation_step_duration";
    public static final String KIND_TAG = "kind";
    public static final String STEP_TAG = "step";

    private OperationMetrics() {}

    public static void started(String kind) {
        scope(kind).counter(STARTED).inc(1);
    }

    public static void succeeded(String kind) {
        scope(kind).counter(SUCCEEDED).inc(1);
    }

    public static void failed(String kind) {
        scope(kind).counter(FAILED).inc(1);
    }

    public static void stepTook(String kind, String step, long millis) {
        Workflow.getMetricsScope().tagged(Map.of(KIND_TAG, kind, STEP_TAG, step))
                .timer(STEP_DURATION).record(Duration.ofMillis(millis));
    }

    private static Scope scope(String kind) {
        return Workflow.getMetricsScope().tagged(Map.of(KIND_TAG, kind));
    }
}
