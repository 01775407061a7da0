package io.flowplane.core.model;

import java.util.List;

/** {@link FleetConfig} plus the full route specs of the same snapshot, for translators that support them. */
public record DetailedFleet(FleetConfig config, List<RouteConfigSpec> routeConfigSpecs) {}
