package io.flowplane.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** Who (token id and name) did what (action on a resource) and when; {@code detail} is the resource after the change. */
public record AuditEntry(
        long id,
        Instant at,
        String tokenId,
        String tokenName,
        String action,
        String resourceType,
        String resourceId,
        String resourceName,
        String team,
        JsonNode detail) {}
