package io.flowplane.core.model;

/** One route: a match (path prefix or exact path) and the cluster it forwards to. */
public record RouteRule(String prefix, String path, String cluster, Long timeoutMs) {}
