package io.flowplane.core.model;

import java.util.List;

/** {@link VirtualHost} with full {@link RouteSpec} routes. */
public record VirtualHostSpec(String name, List<String> domains, List<RouteSpec> routes) {}
