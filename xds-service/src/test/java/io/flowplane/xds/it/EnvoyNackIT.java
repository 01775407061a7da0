package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A configuration real Envoy rejects: recorded, never resent, and Envoy keeps serving the last good one. */
class EnvoyNackIT extends OneEnvoyTestBase {
    private static final Duration WAIT = Duration.ofSeconds(30);

    EnvoyNackIT() {
        super("backend says hi");
    }

    private JsonNode envoyStream() {
        for (JsonNode stream : xds.xdsStatus().json().path("streams")) {
            if (envoy.name().equals(stream.path("node_id").asText())) {
                return stream;
            }
        }
        return null;
    }

    @Test
    void aRejectedRouteConfigurationIsRecordedAndNeverResent() {
        Gateway.team(db, "payments");
        Gateway gateway = Gateway.create(db, "payments", "eu", upstream.port(), Ports.next());
        envoy = AdsBootstrap.startEnvoy("envoy-nack", xds.grpcPort, gateway.dataplane().id(), gateway.credential(), false,
                null);
        Wait.until("traffic through Envoy", WAIT, () -> gateway.throughListener().get("/").status() == 200);

        // Two virtual hosts for the same wildcard domain: Envoy refuses the route configuration.
        RouteSpec toBackend = RouteSpec.of(new RouteRule("/", null, "eu-backend", null));
        db.routeConfigs().updateSpec(gateway.routeConfig().id(), List.of(
                new VirtualHostSpec("first", List.of("*"), List.of(toBackend)),
                new VirtualHostSpec("second", List.of("*"), List.of(toBackend))), null);

        JsonNode rds = Wait.until("the NACK in /api/v1/xds/status", WAIT, () -> {
            JsonNode stream = envoyStream();
            JsonNode type = stream == null ? null : stream.path("types").path("rds");
            return type != null && type.hasNonNull("last_nack") ? type : null;
        });
        JsonNode stream = envoyStream();
        assertThat(stream.path("dataplane_id").asText()).isEqualTo(gateway.dataplane().id());
        JsonNode nack = rds.get("last_nack");
        assertThat(nack.get("version").asText()).isEqualTo(rds.get("last_sent_version").asText())
                .isNotEqualTo(rds.get("last_acked_version").asText());
        assertThat(nack.get("message").asText()).containsIgnoringCase("domain");
        assertThat(nack.get("at").asText()).isNotBlank();

        long responsesAfterNack = rds.get("responses_sent").asLong();
        String pushesAfterNack = pushes();
        Wait.sleep(Duration.ofSeconds(3));
        assertThat(envoyStream().path("types").path("rds").get("responses_sent").asLong())
                .as("responses to the stream after the NACK").isEqualTo(responsesAfterNack);
        assertThat(pushes()).isEqualTo(pushesAfterNack);

        assertThat(gateway.throughListener().get("/").body()).isEqualTo("backend says hi");
        assertThat(envoy.dynamicRouteConfigs()).singleElement()
                .satisfies(route -> assertThat(route.path("virtual_hosts")).hasSize(1));
    }

    private String pushes() {
        return xds.admin().get("/prometheus").body().lines()
                .filter(line -> line.startsWith("flowplane_xds_pushes_total{type=\"rds\""))
                .findFirst().orElse("none");
    }
}
