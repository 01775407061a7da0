package io.flowplane.xds.snapshot;

import static io.flowplane.xds.testing.Fleets.fleet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.HeaderMatch;
import io.flowplane.core.model.Json;
import io.flowplane.core.model.RetryPolicy;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import io.flowplane.core.model.WeightedCluster;
import io.flowplane.xds.testing.Fleets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Full route specs (headers, weighted clusters, timeouts, retries) as Envoy routes, through {@link SnapshotBuilder}. */
class RouteSpecTranslationTest {
    private static final String BRIEF_EXAMPLE = """
            [{"name":"all","domains":["*"],"routes":[
             {"prefix":"/api","headers":[{"name":"x-canary","exact":"1"},{"name":"x-debug","present":true}],
              "weighted_clusters":[{"cluster":"stable","weight":90},{"cluster":"canary","weight":10}],
              "timeout_ms":1500,"retry_policy":{"retry_on":"5xx,reset","num_retries":3,"per_try_timeout_ms":500}},
             {"path":"/healthz","cluster":"stable"}]}]""";

    /** dp_a with listener "ingress" → route config "routes" → clusters stable (IP, EDS) and canary (IP, EDS). */
    private static Fleets withRoutes(RouteSpec... routes) {
        return fleet()
                .dataplane("dp_a", "payments", "eu-west")
                .listener("payments", "ingress", 10000, "dp_a", "routes")
                .routeConfig("payments", "routes", new VirtualHostSpec("all", List.of("*"), List.of(routes)))
                .cluster("payments", "stable", new Endpoint("10.0.0.1", 80))
                .cluster("payments", "canary", new Endpoint("10.0.0.2", 80));
    }

    private static FleetSnapshot build(Fleets fleet) {
        return new SnapshotBuilder().build(fleet.build(), Instant.parse("2025-01-01T00:00:00Z"));
    }

    private static List<Route> routes(FleetSnapshot snapshot) throws Exception {
        RouteConfiguration config = snapshot.forDataplane("dp_a").resources(TypeUrls.ROUTE).get("routes").resource()
                .unpack(RouteConfiguration.class);
        return config.getVirtualHosts(0).getRoutesList();
    }

    private static RouteSpec prefix(String prefix, String cluster, List<HeaderMatch> headers) {
        return new RouteSpec(prefix, null, headers, cluster, null, null, null);
    }

    private static RouteSpec weighted(WeightedCluster... members) {
        return new RouteSpec("/", null, null, null, List.of(members), null, null);
    }

    @Test
    void anExactHeaderMatchBecomesAStringMatch() throws Exception {
        Route route = routes(build(withRoutes(prefix("/", "canary", List.of(new HeaderMatch("x-canary", "1", null))))))
                .get(0);

        HeaderMatcher header = route.getMatch().getHeaders(0);
        assertThat(header.getName()).isEqualTo("x-canary");
        assertThat(header.getStringMatch().getExact()).isEqualTo("1");
        assertThat(header.getInvertMatch()).isFalse();
    }

    @Test
    void presentTrueRequiresTheHeaderAndPresentFalseItsAbsence() throws Exception {
        Route route = routes(build(withRoutes(prefix("/", "stable", List.of(
                new HeaderMatch("x-debug", null, true), new HeaderMatch("x-legacy", null, false)))))).get(0);

        HeaderMatcher present = route.getMatch().getHeaders(0);
        assertThat(present.getName()).isEqualTo("x-debug");
        assertThat(present.getHeaderMatchSpecifierCase()).isEqualTo(HeaderMatcher.HeaderMatchSpecifierCase.PRESENT_MATCH);
        assertThat(present.getPresentMatch()).isTrue();
        assertThat(present.getInvertMatch()).isFalse();
        HeaderMatcher absent = route.getMatch().getHeaders(1);
        assertThat(absent.getName()).isEqualTo("x-legacy");
        assertThat(absent.getPresentMatch()).isTrue();
        assertThat(absent.getInvertMatch()).isTrue();
    }

    @Test
    void aHeaderMatchedRouteIsNeverAMatchAllRoute() throws Exception {
        FleetSnapshot snapshot = build(withRoutes(
                prefix("/", "canary", List.of(new HeaderMatch("x-canary", "1", null))),
                prefix("/", "stable", List.of(new HeaderMatch("x-broken", null, null)))));

        List<Route> routes = routes(snapshot);
        assertThat(routes).as("the unreadable header match leaves its route out, not the header").hasSize(1);
        assertThat(routes).allSatisfy(route -> assertThat(route.getMatch().getHeadersList()).isNotEmpty());
        assertThat(snapshot.warnings()).anyMatch(w -> w.contains("x-broken") && w.contains("route skipped"));
    }

    @Test
    void weightedClustersKeepTheirOrderAndWeightsIncludingZero() throws Exception {
        Route route = routes(build(withRoutes(weighted(new WeightedCluster("stable", 100),
                new WeightedCluster("canary", 0))))).get(0);

        assertThat(route.getRoute().getCluster()).isEmpty();
        List<ClusterWeight> members = route.getRoute().getWeightedClusters().getClustersList();
        assertThat(members).extracting(ClusterWeight::getName).containsExactly("stable", "canary");
        assertThat(members).extracting(m -> m.getWeight().getValue()).containsExactly(100, 0);
        assertThat(members.get(1).hasWeight()).as("an explicit 0, not an unset weight").isTrue();
    }

    @Test
    void clustersReachedOnlyThroughWeightsAreServedWithTheirEndpoints() {
        DataplaneSnapshot dp = build(withRoutes(weighted(new WeightedCluster("stable", 90),
                new WeightedCluster("canary", 10)))).forDataplane("dp_a");

        assertThat(dp.resources(TypeUrls.CLUSTER).names()).containsExactly("canary", "stable");
        assertThat(dp.resources(TypeUrls.ENDPOINT).names()).containsExactly("canary", "stable");
    }

    @Test
    void aMissingWeightedMemberIsReportedAndTheOthersServed() {
        FleetSnapshot snapshot = build(withRoutes(weighted(new WeightedCluster("stable", 50),
                new WeightedCluster("gone", 50))));

        assertThat(snapshot.forDataplane("dp_a").resources(TypeUrls.CLUSTER).names()).containsExactly("stable");
        assertThat(snapshot.warnings()).anyMatch(w -> w.contains("missing cluster gone"));
    }

    @Test
    void weightsAddingUpToZeroLeaveTheRouteOutAndKeepTheConfigurationValid() throws Exception {
        FleetSnapshot snapshot = build(withRoutes(
                weighted(new WeightedCluster("canary", 0)),
                new RouteSpec(null, "/healthz", null, "stable", null, null, null)));

        assertThat(routes(snapshot)).singleElement()
                .satisfies(route -> assertThat(route.getMatch().getPath()).isEqualTo("/healthz"));
        assertThat(snapshot.forDataplane("dp_a").resources(TypeUrls.CLUSTER).names()).containsExactly("stable");
        assertThat(snapshot.warnings()).anyMatch(w -> w.contains("adding up to 0"));
    }

    @Test
    void timeoutAndRetryPolicyAreTranslated() throws Exception {
        Route route = routes(build(withRoutes(new RouteSpec("/", null, null, "stable", null, 1500L,
                new RetryPolicy("5xx, reset", 3, 500L))))).get(0);

        assertThat(route.getRoute().getTimeout().getSeconds()).isEqualTo(1);
        assertThat(route.getRoute().getTimeout().getNanos()).isEqualTo(500_000_000);
        io.envoyproxy.envoy.config.route.v3.RetryPolicy retry = route.getRoute().getRetryPolicy();
        assertThat(retry.getRetryOn()).isEqualTo("5xx,reset");
        assertThat(retry.getNumRetries().getValue()).isEqualTo(3);
        assertThat(retry.getPerTryTimeout().getSeconds()).isZero();
        assertThat(retry.getPerTryTimeout().getNanos()).isEqualTo(500_000_000);
    }

    @Test
    void aRouteWithoutRetryPolicyOrTimeoutGetsNeither() throws Exception {
        Route route = routes(build(withRoutes(prefix("/", "stable", null)))).get(0);

        assertThat(route.getRoute().hasRetryPolicy()).isFalse();
        assertThat(route.getRoute().hasTimeout()).isFalse();
        assertThat(route.getMatch().getHeadersList()).isEmpty();
    }

    @Test
    void theStoredJsonDocumentTranslatesInFull() throws Exception {
        List<VirtualHostSpec> stored = Json.mapper().readValue(BRIEF_EXAMPLE, new TypeReference<>() {});
        FleetSnapshot snapshot = build(withRoutes().routeConfig("payments", "routes",
                stored.toArray(VirtualHostSpec[]::new)));

        List<Route> routes = routes(snapshot);
        assertThat(routes).hasSize(2);
        Route api = routes.get(0);
        assertThat(api.getMatch().getPrefix()).isEqualTo("/api");
        assertThat(api.getMatch().getHeadersList()).extracting(HeaderMatcher::getName)
                .containsExactly("x-canary", "x-debug");
        assertThat(api.getRoute().getWeightedClusters().getClustersList()).extracting(ClusterWeight::getName)
                .containsExactly("stable", "canary");
        assertThat(api.getRoute().getRetryPolicy().getNumRetries().getValue()).isEqualTo(3);
        assertThat(routes.get(1).getMatch().getPath()).isEqualTo("/healthz");
        assertThat(routes.get(1).getRoute().getCluster()).isEqualTo("stable");
        assertThat(snapshot.warnings()).isEmpty();
    }

    @Test
    void aWeightShiftChangesTheRouteVersionOnly() {
        FleetSnapshot before = build(withRoutes(weighted(new WeightedCluster("stable", 100),
                new WeightedCluster("canary", 0))));
        FleetSnapshot same = build(withRoutes(weighted(new WeightedCluster("stable", 100),
                new WeightedCluster("canary", 0))));
        FleetSnapshot after = build(withRoutes(weighted(new WeightedCluster("stable", 0),
                new WeightedCluster("canary", 100))));

        assertThat(version(same, TypeUrls.ROUTE)).isEqualTo(version(before, TypeUrls.ROUTE));
        assertThat(version(after, TypeUrls.ROUTE)).isNotEqualTo(version(before, TypeUrls.ROUTE));
        assertThat(version(after, TypeUrls.CLUSTER)).isEqualTo(version(before, TypeUrls.CLUSTER));
        assertThat(version(after, TypeUrls.ENDPOINT)).isEqualTo(version(before, TypeUrls.ENDPOINT));
    }

    private static String version(FleetSnapshot snapshot, String type) {
        return snapshot.forDataplane("dp_a").resources(type).all().version();
    }
}
