package io.flowplane.core.model;

import java.time.Instant;
import java.util.List;

/** An API token as listed: never its secret or hash. */
public record ApiToken(String id, String name, List<String> scopes, Instant createdAt, Instant revokedAt) {}
