package io.flowplane.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Envoy's route retry policy: {@code retry_on} is Envoy's comma-separated condition list, e.g. "5xx,reset". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetryPolicy(String retryOn, Integer numRetries, Long perTryTimeoutMs) {}
