package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import io.flowplane.testkit.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The multi-region deployment guide's requests, exactly as users type them. */
class SeedGuideIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    /** The guide's three dataplane bodies, verbatim. */
    private static final Map<String, String> GUIDE_DATAPLANES = new LinkedHashMap<>();

    static {
        GUIDE_DATAPLANES.put("us-east-production", """
                {
                    "team": "platform",
                    "name": "us-east-production",
                    "gateway_host": "envoy-us-east.example.com",
                    "description": "Production dataplane in US-East region"
                  }""");
        GUIDE_DATAPLANES.put("eu-west-production", """
                {
                    "team": "platform",
                    "name": "eu-west-production",
                    "gateway_host": "envoy-eu-west.example.com",
                    "description": "Production dataplane in EU-West region"
                  }""");
        GUIDE_DATAPLANES.put("ap-east-production", """
                {
                    "team": "platform",
                    "name": "ap-east-production",
                    "gateway_host": "envoy-ap-east.example.com",
                    "description": "Production dataplane in AP-East region"
                  }""");
    }

    @Test
    void theGuidesDataplanesAndListenersAreAcceptedAsWrittenWithPort10000InEveryRegion() {
        API.created("/api/v1/teams", "{\"name\": \"platform\"}");
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map.Entry<String, String> guide : GUIDE_DATAPLANES.entrySet()) {
            JsonNode dataplane = API.created("/api/v1/teams/platform/dataplanes", guide.getValue());
            assertThat(dataplane.get("name").asText()).isEqualTo(guide.getKey());
            assertThat(dataplane.get("gateway_host").asText()).isEqualTo("envoy-" + guide.getKey().replace("-production", "") + ".example.com");
            assertThat(dataplane.get("description").asText()).endsWith("region");
            assertThat(dataplane.get("id").asText()).startsWith("dp_");
            ids.put(guide.getKey(), dataplane.get("id").asText());
        }
        assertThat(ids.values()).doesNotHaveDuplicates();

        Map<String, String> listenerNames = Map.of(
                "us-east-production", "api-listener-us",
                "eu-west-production", "api-listener-eu",
                "ap-east-production", "api-listener-ap");
        for (Map.Entry<String, String> dataplane : ids.entrySet()) {
            String listenerName = listenerNames.get(dataplane.getKey());
            // The guide's listener body, with the real id in place of dp_us_east_xxx.
            JsonNode listener = API.created("/api/v1/listeners", """
                    {
                        "team": "platform",
                        "name": "%s",
                        "address": "0.0.0.0",
                        "port": 10000,
                        "dataplane_id": "%s"
                      }""".formatted(listenerName, dataplane.getValue()));
            assertThat(listener.get("id").asText()).startsWith("ln_");
            assertThat(listener.get("port").asInt()).isEqualTo(10000);
            assertThat(listener.get("dataplane_id").asText()).isEqualTo(dataplane.getValue());
            assertThat(listener.get("route_config").asText()).isEqualTo(listenerName);
        }

        JsonNode listeners = API.admin().get("/api/v1/listeners?team=platform").json();
        assertThat(listeners).hasSize(3);
        assertThat(listeners.findValuesAsText("dataplane_id")).containsExactlyInAnyOrderElementsOf(ids.values());

        Reply second = API.admin().post("/api/v1/listeners", """
                {"team": "platform", "name": "api-listener-us-2", "address": "0.0.0.0", "port": 10000,
                 "dataplane_id": "%s"}""".formatted(ids.get("us-east-production")));
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.text("field")).isEqualTo("port");
        assertThat(second.text("message")).contains("api-listener-us");
    }

    @Test
    void aGeneratedBootstrapPassesEnvoyValidation() throws Exception {
        API.created("/api/v1/teams", "{\"name\": \"bootstrap-team\"}");
        API.created("/api/v1/teams/bootstrap-team/dataplanes", """
                {"team": "bootstrap-team", "name": "eu-west-production", "gateway_host": "envoy-eu-west.example.com"}""");
        Reply bootstrap = API.admin().get(
                "/api/v1/teams/bootstrap-team/dataplanes/eu-west-production/bootstrap?node_id=envoy-eu-001&admin_port=19901");
        assertThat(bootstrap.status()).as(bootstrap.toString()).isEqualTo(200);
        assertThat(bootstrap.body()).contains("envoy-eu-001").contains("xds_cluster");

        Path file = Files.createTempFile("bootstrap-", ".yaml");
        Path log = Files.createTempFile("envoy-validate-", ".log");
        try {
            Files.writeString(file, bootstrap.body());
            Process envoy = new ProcessBuilder(TestStack.envoyBinary().toString(), "--mode", "validate", "-c", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = envoy.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                envoy.destroyForcibly();
            }
            assertThat(finished).as("envoy --mode validate finished").isTrue();
            assertThat(envoy.exitValue()).as("envoy --mode validate output:\n" + Files.readString(log)).isZero();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(log);
        }
    }
}
