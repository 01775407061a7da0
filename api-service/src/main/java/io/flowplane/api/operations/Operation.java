package io.flowplane.api.operations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An operation as the API shows it: a Temporal workflow run, with its result once it has one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Operation(
        String id, String kind, String status, Instant startedAt, Instant closedAt, Object result, String failure, String temporalUi) {}
