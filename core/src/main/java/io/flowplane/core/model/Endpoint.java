package io.flowplane.core.model;

public record Endpoint(String host, int port) {}
