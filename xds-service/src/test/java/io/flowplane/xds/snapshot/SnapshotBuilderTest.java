package io.flowplane.xds.snapshot;

import static io.flowplane.xds.testing.Fleets.fleet;
import static io.flowplane.xds.testing.Fleets.twoDataplanes;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {
    private final SnapshotBuilder builder = new SnapshotBuilder();

    private FleetSnapshot build(DetailedFleet fleet) {
        return builder.build(fleet, Instant.parse("2025-01-01T00:00:00Z"));
    }

    private static <T extends com.google.protobuf.Message> T unpack(ResourceSet set, String name, Class<T> type)
            throws Exception {
        assertThat(set.names()).contains(name);
        return set.get(name).resource().unpack(type);
    }

    @Test
    void aDataplaneGetsOnlyItsOwnListenersAndWhatTheyReach() {
        FleetSnapshot snapshot = build(twoDataplanes().build());

        DataplaneSnapshot a = snapshot.forDataplane("dp_a");
        assertThat(a.resources(TypeUrls.LISTENER).names()).containsExactly("ingress-a");
        assertThat(a.resources(TypeUrls.ROUTE).names()).containsExactly("routes-a");
        assertThat(a.resources(TypeUrls.CLUSTER).names()).containsExactly("backend-a");
        assertThat(a.resources(TypeUrls.ENDPOINT).names()).containsExactly("backend-a");

        DataplaneSnapshot b = snapshot.forDataplane("dp_b");
        assertThat(b.resources(TypeUrls.LISTENER).names()).containsExactly("ingress-b");
        assertThat(b.resources(TypeUrls.ROUTE).names()).containsExactly("routes-b");
        assertThat(b.resources(TypeUrls.CLUSTER).names()).containsExactly("backend-b");
        assertThat(b.resources(TypeUrls.ENDPOINT).names()).isEmpty();
    }

    @Test
    void theListenerRoutesThroughAnHttpConnectionManagerWithRdsOverAds() throws Exception {
        FleetSnapshot snapshot = build(twoDataplanes().build());

        Listener listener = unpack(snapshot.forDataplane("dp_a").resources(TypeUrls.LISTENER), "ingress-a",
                Listener.class);
        assertThat(listener.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(10000);
        assertThat(listener.getFilterChainsList()).hasSize(1);
        Any typedConfig = listener.getFilterChains(0).getFilters(0).getTypedConfig();
        HttpConnectionManager hcm = typedConfig.unpack(HttpConnectionManager.class);
        assertThat(hcm.getStatPrefix()).isEqualTo("ingress-a");
        assertThat(hcm.getCodecType()).isEqualTo(HttpConnectionManager.CodecType.AUTO);
        assertThat(hcm.getRds().getRouteConfigName()).isEqualTo("routes-a");
        assertThat(hcm.getRds().getConfigSource().hasAds()).isTrue();
        assertThat(hcm.getRds().getConfigSource().getResourceApiVersion()).isEqualTo(ApiVersion.V3);
        HttpFilter last = hcm.getHttpFilters(hcm.getHttpFiltersCount() - 1);
        assertThat(last.getName()).isEqualTo("envoy.filters.http.router");
        assertThat(last.getTypedConfig().is(Router.class)).isTrue();
    }

    @Test
    void routesMatchByPrefixOrPathWithAnOptionalTimeout() throws Exception {
        FleetSnapshot snapshot = build(fleet()
                .dataplane("dp_a", "payments", "eu-west")
                .listener("payments", "ingress", 10000, "dp_a", "routes")
                .routeConfig("payments", "routes", new VirtualHost("api", List.of("api.example.com"), List.of(
                        new RouteRule(null, "/health", "backend", null),
                        new RouteRule("/v1", null, "backend", 1500L))))
                .cluster("payments", "backend", new Endpoint("10.0.0.1", 80))
                .build());

        RouteConfiguration routes = unpack(snapshot.forDataplane("dp_a").resources(TypeUrls.ROUTE), "routes",
                RouteConfiguration.class);
        assertThat(routes.getVirtualHostsList()).hasSize(1);
        assertThat(routes.getVirtualHosts(0).getName()).isEqualTo("api");
        assertThat(routes.getVirtualHosts(0).getDomainsList()).containsExactly("api.example.com");
        Route health = routes.getVirtualHosts(0).getRoutes(0);
        assertThat(health.getMatch().getPath()).isEqualTo("/health");
        assertThat(health.getRoute().getCluster()).isEqualTo("backend");
        assertThat(health.getRoute().hasTimeout()).isFalse();
        Route v1 = routes.getVirtualHosts(0).getRoutes(1);
        assertThat(v1.getMatch().getPrefix()).isEqualTo("/v1");
        assertThat(v1.getRoute().getTimeout().getSeconds()).isEqualTo(1);
        assertThat(v1.getRoute().getTimeout().getNanos()).isEqualTo(500_000_000);
    }

    @Test
    void clustersWithIpEndpointsUseEdsAndOthersStrictDns() throws Exception {
        FleetSnapshot snapshot = build(twoDataplanes().build());

        Cluster eds = unpack(snapshot.forDataplane("dp_a").resources(TypeUrls.CLUSTER), "backend-a", Cluster.class);
        assertThat(eds.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
        assertThat(eds.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
        assertThat(eds.getEdsClusterConfig().getEdsConfig().getResourceApiVersion()).isEqualTo(ApiVersion.V3);
        assertThat(eds.hasLoadAssignment()).isFalse();
        assertThat(eds.getConnectTimeout().getSeconds()).isEqualTo(1);
        assertThat(eds.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        ClusterLoadAssignment cla = unpack(snapshot.forDataplane("dp_a").resources(TypeUrls.ENDPOINT), "backend-a",
                ClusterLoadAssignment.class);
        assertThat(cla.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getAddress())
                .isEqualTo("10.0.0.1");

        Cluster dns = unpack(snapshot.forDataplane("dp_b").resources(TypeUrls.CLUSTER), "backend-b", Cluster.class);
        assertThat(dns.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        assertThat(dns.getDnsLookupFamily()).isEqualTo(Cluster.DnsLookupFamily.V4_PREFERRED);
        assertThat(dns.getLoadAssignment().getClusterName()).isEqualTo("backend-b");
        assertThat(dns.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
                .getSocketAddress().getAddress()).isEqualTo("backend-b.internal");
    }

    @Test
    void referencesResolveWithinTheTeamOnly() throws Exception {
        FleetSnapshot snapshot = build(twoDataplanes()
                .routeConfig("search", "routes-a", "backend-a")
                .cluster("search", "backend-a", new Endpoint("192.168.9.9", 1))
                .cluster("search", "search-only", new Endpoint("192.168.9.9", 1))
                .build());

        ClusterLoadAssignment cla = unpack(snapshot.forDataplane("dp_a").resources(TypeUrls.ENDPOINT), "backend-a",
                ClusterLoadAssignment.class);
        assertThat(cla.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getAddress())
                .isEqualTo("10.0.0.1");
        assertThat(snapshot.forDataplane("dp_a").resources(TypeUrls.CLUSTER).names()).doesNotContain("search-only");
    }

    @Test
    void aListenerOfAnotherTeamOnTheDataplaneIsSkipped() {
        FleetSnapshot snapshot = build(twoDataplanes()
                .listener("search", "search-ingress", 10001, "dp_a", "routes-a")
                .build());

        assertThat(snapshot.forDataplane("dp_a").resources(TypeUrls.LISTENER).names()).containsExactly("ingress-a");
        assertThat(snapshot.warnings()).anyMatch(w -> w.contains("search-ingress"));
    }

    @Test
    void missingReferencesAreSkippedAndReported() {
        FleetSnapshot snapshot = build(fleet()
                .dataplane("dp_a", "payments", "eu-west")
                .listener("payments", "no-routes", 10000, "dp_a", "routes-missing")
                .listener("payments", "ingress", 10001, "dp_a", "routes")
                .routeConfig("payments", "routes", "cluster-missing")
                .build());

        DataplaneSnapshot a = snapshot.forDataplane("dp_a");
        assertThat(a.resources(TypeUrls.LISTENER).names()).containsExactly("ingress", "no-routes");
        assertThat(a.resources(TypeUrls.ROUTE).names()).containsExactly("routes");
        assertThat(a.resources(TypeUrls.CLUSTER).names()).isEmpty();
        assertThat(snapshot.warnings())
                .anyMatch(w -> w.contains("routes-missing"))
                .anyMatch(w -> w.contains("cluster-missing"));
    }

    @Test
    void versionsDependOnContentOnly() {
        FleetSnapshot first = build(twoDataplanes().revision(1).build());
        FleetSnapshot again = builder.build(twoDataplanes().revision(7).build(), Instant.now());
        FleetSnapshot movedEndpoint = build(twoDataplanes()
                .cluster("payments", "backend-a", new Endpoint("10.0.0.2", 8080)).build());

        for (String type : TypeUrls.PUSH_ORDER) {
            assertThat(again.forDataplane("dp_a").resources(type).all().version())
                    .isEqualTo(first.forDataplane("dp_a").resources(type).all().version());
        }
        assertThat(version(movedEndpoint, TypeUrls.ENDPOINT)).isNotEqualTo(version(first, TypeUrls.ENDPOINT));
        assertThat(version(movedEndpoint, TypeUrls.CLUSTER)).isEqualTo(version(first, TypeUrls.CLUSTER));
        assertThat(version(movedEndpoint, TypeUrls.LISTENER)).isEqualTo(version(first, TypeUrls.LISTENER));
        assertThat(version(first, TypeUrls.CLUSTER)).matches("[0-9a-f]{64}");
    }

    @Test
    void aSelectionVersionCoversExactlyTheSelectedResources() {
        ResourceSet clusters = build(fleet()
                .dataplane("dp_a", "payments", "eu-west")
                .listener("payments", "ingress", 10000, "dp_a", "routes")
                .routeConfig("payments", "routes", new VirtualHost("v", List.of("*"), List.of(
                        new RouteRule("/x", null, "x", null), new RouteRule("/", null, "y", null))))
                .cluster("payments", "x", new Endpoint("10.0.0.1", 1))
                .cluster("payments", "y", new Endpoint("10.0.0.2", 1))
                .build()).forDataplane("dp_a").resources(TypeUrls.ENDPOINT);

        assertThat(clusters.select(List.of("x", "missing")).names()).containsExactly("x");
        assertThat(clusters.select(List.of("x", "missing")).version()).isEqualTo(clusters.select(List.of("x")).version());
        assertThat(clusters.select(List.of("y", "x")).version()).isEqualTo(clusters.all().version());
        assertThat(clusters.select(List.of("x")).version()).isNotEqualTo(clusters.all().version());
    }

    private static String version(FleetSnapshot snapshot, String type) {
        return snapshot.forDataplane("dp_a").resources(type).all().version();
    }
}
