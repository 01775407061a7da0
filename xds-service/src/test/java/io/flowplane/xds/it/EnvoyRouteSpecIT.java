package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.HeaderMatch;
import io.flowplane.core.model.RetryPolicy;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import io.flowplane.core.model.WeightedCluster;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Header matches, weighted clusters and retry policies, served to a real Envoy and checked with traffic. */
class EnvoyRouteSpecIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TEAM = "payments";
    private static final int REQUESTS = 20;

    private StoreDatabase db;
    private Upstream alpha;
    private Upstream beta;
    private XdsServer xds;
    private Envoy envoy;
    private Http listener;

    @BeforeEach
    void start() {
        db = StoreDatabase.create();
        alpha = Upstream.answering("alpha");
        beta = Upstream.answering("beta");
        xds = XdsServer.start(db.primaryUrl);
        Gateway.team(db, TEAM);
        db.clusters().create(TEAM, "alpha", List.of(new Endpoint("127.0.0.1", alpha.port())), 1000);
        db.clusters().create(TEAM, "beta", List.of(new Endpoint("127.0.0.1", beta.port())), 1000);
    }

    @AfterEach
    void stop() {
        if (envoy != null) {
            envoy.close();
        }
        xds.close();
        alpha.close();
        beta.close();
        db.close();
    }

    /** Dataplane, route config "eu-routes" with one catch-all virtual host, listener, and an Envoy bound to it. */
    private RouteConfigSpec serve(String envoyName, boolean delta, RouteSpec... routes) {
        Dataplane dataplane = db.dataplanes().create(TEAM, "eu", null, null, List.of());
        RouteConfigSpec routeConfig = db.routeConfigs().createSpec(TEAM, "eu-routes", virtualHosts(routes));
        int port = Ports.next();
        db.listeners().create(TEAM, "eu-listener", "127.0.0.1", port, dataplane.id(), "eu-routes");
        listener = Http.localhost(port);
        String credential = db.dataplanes().issueCredential(dataplane.id(), java.time.Duration.ZERO).orElseThrow().secret();
        envoy = AdsBootstrap.startEnvoy(envoyName, xds.grpcPort, dataplane.id(), credential, delta, null);
        return routeConfig;
    }

    private static List<VirtualHostSpec> virtualHosts(RouteSpec... routes) {
        return List.of(new VirtualHostSpec("all", List.of("*"), List.of(routes)));
    }

    private static RouteSpec weighted(int alphaWeight, int betaWeight) {
        return new RouteSpec("/", null, null, null,
                List.of(new WeightedCluster("alpha", alphaWeight), new WeightedCluster("beta", betaWeight)), null, null);
    }

    private Http.Reply get(Map<String, String> headers) {
        return listener.get("/", headers);
    }

    private List<String> bodiesOf(int requests) {
        return IntStream.range(0, requests).mapToObj(i -> get(Map.of()).body()).toList();
    }

    private JsonNode rdsStatus() {
        for (JsonNode stream : xds.xdsStatus().json().path("streams")) {
            if (envoy.name().equals(stream.path("node_id").asText())) {
                return stream.path("types").path("rds");
            }
        }
        throw new AssertionError("no ADS stream from " + envoy.name());
    }

    @Test
    void requestsCarryingTheHeaderGoToOneUpstreamAndOthersToTheOther() {
        serve("envoy-headers", false,
                new RouteSpec("/", null, List.of(new HeaderMatch("x-canary", "1", null)), "alpha", null, null, null),
                new RouteSpec("/", null, List.of(new HeaderMatch("x-blocked", null, false)), "beta", null, null, null));

        Wait.until("traffic through Envoy", WAIT, () -> get(Map.of()).status() == 200);

        assertThat(get(Map.of("x-canary", "1")).body()).isEqualTo("alpha");
        assertThat(get(Map.of("x-canary", "2")).body()).isEqualTo("beta");
        assertThat(get(Map.of()).body()).isEqualTo("beta");
        assertThat(get(Map.of("x-blocked", "yes")).status())
                .as("a request with a header that must be absent matches no route").isEqualTo(404);
    }

    @Test
    void shiftingWeightsFromOneClusterToTheOtherMovesAllTraffic() {
        RouteConfigSpec routeConfig = serve("envoy-weights", true, weighted(100, 0));

        Wait.until("traffic through Envoy", WAIT, () -> get(Map.of()).status() == 200);
        assertThat(bodiesOf(REQUESTS)).containsOnly("alpha");
        assertThat(envoy.admin().get("/clusters").body())
                .as("the zero-weight cluster is served too").contains("beta::");

        db.routeConfigs().updateSpec(routeConfig.id(), virtualHosts(weighted(0, 100)), null);

        Wait.until("traffic shifted to beta", WAIT, () -> "beta".equals(get(Map.of()).body()));
        assertThat(bodiesOf(REQUESTS)).containsOnly("beta");
    }

    @Test
    void aRetryPolicyIsAcceptedAndRetriesFailedRequests() {
        try (Upstream flaky = Upstream.answering("flaky").failingEveryOtherRequest()) {
            db.clusters().create(TEAM, "flaky", List.of(new Endpoint("127.0.0.1", flaky.port())), 1000);
            serve("envoy-retries", false, new RouteSpec("/", null, null, "flaky", null, 5000L,
                    new RetryPolicy("5xx,reset", 3, 500L)));

            Wait.until("traffic through Envoy", WAIT, () -> get(Map.of()).status() == 200);
            JsonNode route = Wait.until("the route in config_dump", WAIT, () -> envoy.dynamicRouteConfigs().stream()
                    .map(config -> config.path("virtual_hosts").path(0).path("routes").path(0).path("route"))
                    .filter(JsonNode::isObject).findFirst().orElse(null));
            JsonNode retry = route.path("retry_policy");
            assertThat(retry.path("retry_on").asText()).isEqualTo("5xx,reset");
            assertThat(retry.path("num_retries").asInt()).isEqualTo(3);
            assertThat(retry.path("per_try_timeout").asText()).isEqualTo("0.500s");
            assertThat(route.path("timeout").asText()).isEqualTo("5s");
            JsonNode rds = rdsStatus();
            assertThat(rds.hasNonNull("last_nack")).as("Envoy rejected the routes: " + rds).isFalse();
            assertThat(rds.path("last_acked_version").asText()).isEqualTo(rds.path("last_sent_version").asText());

            for (int i = 0; i < REQUESTS; i++) {
                assertThat(get(Map.of()).status()).as("request " + i + ", half of whose attempts fail").isEqualTo(200);
            }
            assertThat(envoy.stat("cluster.flaky.upstream_rq_retry")).isGreaterThanOrEqualTo(REQUESTS);
        }
    }
}
