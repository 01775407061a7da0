package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routes moved onto a cluster Envoy has never had, with traffic flowing. The dataplane's configuration drops the
 * old cluster and adds the new one in the same revision: Envoy must have the new cluster, endpoints and all,
 * before the route sends requests to it, and keep the old one while routes still name it, or it answers 503 (no
 * cluster) meanwhile. (ClusterHandover; before it, 502 of 630 requests failed here.)
 */
class NewClusterBeforeItsRoutesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MOVES = 6;

    @Test
    void routesMovedOntoANewClusterLoseNoRequest() {
        try (StoreDatabase db = StoreDatabase.create(); Upstream upstream = Upstream.answering("ok");
                XdsServer xds = XdsServer.start(db.primaryUrl)) {
            Gateway.team(db, "payments");
            Gateway gateway = Gateway.create(db, "payments", "pay", upstream.port(), Ports.next());
            try (Envoy envoy = AdsBootstrap.startEnvoy("envoy-moves", xds.grpcPort, gateway.dataplane().id(),
                    gateway.credential(), false, null)) {
                Wait.until("traffic through Envoy", WAIT, () -> {
                    try {
                        return gateway.throughListener().get("/").status() == 200;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
                try (Traffic traffic = Traffic.start("moves", gateway.throughListener(), "/", r -> r.status() == 200)) {
                    for (int move = 0; move < MOVES; move++) {
                        String cluster = "new-backend-" + move;
                        db.clusters().create("payments", cluster, List.of(new Endpoint("127.0.0.1", upstream.port())), 1000);
                        db.routeConfigs().updateSpec(gateway.routeConfig().id(), List.of(new VirtualHostSpec("all",
                                List.of("*"), List.of(RouteSpec.of(new RouteRule("/", null, cluster, null))))), null);
                        Wait.until("the routes on " + cluster, WAIT, () -> envoy.dynamicRouteConfigs().toString()
                                .contains("\"" + cluster + "\""));
                        traffic.awaitSucceeded(traffic.succeeded() + 20);
                    }
                    traffic.close();
                    assertThat(traffic.failed()).as(traffic + ": " + traffic.firstFailures()).isZero();
                }
            }
        }
    }
}
