package io.flowplane.core.model;

import java.time.Instant;

public record Team(String id, String name, String description, long version, Instant createdAt, Instant updatedAt) {}
