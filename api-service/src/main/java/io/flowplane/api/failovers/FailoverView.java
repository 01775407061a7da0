package io.flowplane.api.failovers;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.flowplane.workflows.operation.StepProgress;
import java.time.Instant;
import java.util.List;

/** An operation as GET /api/v1/failovers shows it: identity, status, live steps, and the result once done. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailoverView(
        String id,
        String runId,
        String kind,
        String target,
        String status,
        Instant startedAt,
        Instant closedAt,
        List<StepProgress> steps,
        String stepsUnavailable,
        Object result,
        String failure,
        String temporalUi) {}
