package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.core.model.Cluster;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real Envoy on delta ADS (api_type DELTA_GRPC). */
class EnvoyDeltaIT extends OneEnvoyTestBase {
    private static final Duration WAIT = Duration.ofSeconds(30);

    EnvoyDeltaIT() {
        super("delta backend");
    }

    private JsonNode clustersDump() {
        for (JsonNode config : envoy.configDump().path("configs")) {
            if (config.path("@type").asText().endsWith("ClustersConfigDump")) {
                return config;
            }
        }
        throw new AssertionError("no clusters in config_dump");
    }

    @Test
    void envoyReceivesAListenerAndLosesItWhenItIsDeleted() {
        Gateway.team(db, "payments");
        Gateway gateway = Gateway.create(db, "payments", "eu", upstream.port(), Ports.next());
        envoy = AdsBootstrap.startEnvoy("envoy-delta", xds.grpcPort, gateway.dataplane().id(), gateway.credential(), true,
                null);

        Wait.until("listener in Envoy", WAIT, () -> envoy.activeListeners().contains(gateway.listener().name()));
        Wait.until("traffic through Envoy", WAIT, () -> gateway.throughListener().get("/").status() == 200);
        assertThat(gateway.throughListener().get("/").body()).isEqualTo("delta backend");
        JsonNode stream = xds.xdsStatus().json().path("streams").get(0);
        assertThat(stream.path("protocol").asText()).isEqualTo("delta");
        assertThat(stream.path("types").path("lds").path("last_nack").isNull()).isTrue();

        // An updated cluster must not stay warming: Envoy needs its endpoints again.
        Cluster cluster = db.clusters().find("payments", "eu-backend").orElseThrow();
        db.clusters().update(cluster.id(), cluster.endpoints(), 2500, null);
        Wait.until("the updated cluster active, none warming", WAIT, () -> {
            JsonNode clusters = clustersDump();
            return clusters.path("dynamic_warming_clusters").isEmpty()
                    && clusters.path("dynamic_active_clusters").toString().contains("\"2.500s\"");
        });
        assertThat(gateway.throughListener().get("/").body()).isEqualTo("delta backend");
        assertThat(envoy.stat("cluster.eu-backend.init_fetch_timeout"))
                .as("the updated cluster got its endpoints, rather than giving up waiting for them").isZero();

        db.listeners().delete(gateway.listener().id(), null);

        Wait.until("listener removed from Envoy", WAIT, () -> envoy.activeListeners().isEmpty());
        Wait.until("no more traffic", WAIT, () -> {
            try {
                return gateway.throughListener().get("/").status() != 200;
            } catch (RuntimeException e) {
                return true; // connection refused: the listener is gone
            }
        });
        JsonNode lds = xds.xdsStatus().json().path("streams").get(0).path("types").path("lds");
        assertThat(lds.path("last_acked_version").asText()).isEqualTo(lds.path("last_sent_version").asText());
    }
}
