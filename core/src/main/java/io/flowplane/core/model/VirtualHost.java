package io.flowplane.core.model;

import java.util.List;

public record VirtualHost(String name, List<String> domains, List<RouteRule> routes) {}
