package io.flowplane.xds.snapshot;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A route configuration in Envoy's terms, the clusters its translated routes can send to (weighted
 * members included), and why any route was left out.
 */
record TranslatedRouteConfig(VersionedResource resource, SortedSet<String> clusterNames, List<String> skippedRoutes) {

    static TranslatedRouteConfig of(RouteConfigSpec routeConfig) {
        RouteConfiguration.Builder resource = RouteConfiguration.newBuilder().setName(routeConfig.name());
        SortedSet<String> clusterNames = new TreeSet<>();
        List<String> skipped = new ArrayList<>();
        for (VirtualHostSpec vh : nullToEmpty(routeConfig.virtualHosts())) {
            VirtualHost.Builder virtualHost = VirtualHost.newBuilder()
                    .setName(vh.name())
                    .addAllDomains(nullToEmpty(vh.domains()));
            List<RouteSpec> routes = nullToEmpty(vh.routes());
            for (int i = 0; i < routes.size(); i++) {
                RouteSpec route = routes.get(i);
                Optional<String> problem = RouteSpecCheck.problem(route);
                if (problem.isPresent()) {
                    skipped.add("virtual host " + vh.name() + " route " + i + " " + problem.get());
                    continue;
                }
                virtualHost.addRoutes(EnvoyRoutes.route(route));
                clusterNames.addAll(route.clusterNames());
            }
            resource.addVirtualHosts(virtualHost);
        }
        return new TranslatedRouteConfig(VersionedResource.of(routeConfig.name(), resource.build()), clusterNames,
                List.copyOf(skipped));
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
