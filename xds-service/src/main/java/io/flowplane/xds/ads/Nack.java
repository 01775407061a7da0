package io.flowplane.xds.ads;

import java.time.Instant;

/** A response version that Envoy rejected, with its reason. */
public record Nack(String version, String message, Instant at) {}
