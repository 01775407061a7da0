package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.DataplaneBootstraps;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end on real parts: PostgreSQL, the three Flowplane processes, a real
 * Envoy bootstrapped from the API, and the real Temporal dev server.
 */
@Tag("isolated")
class WalkingSkeletonIT {

    @Test
    void configurationMadeThroughTheApiCarriesARequestThroughEnvoyAndAnOperationRunsOnTemporal() {
        String databaseUrl = TestDatabase.create().primaryUrl();
        try (ControlPlane controlPlane = new ControlPlane(databaseUrl).start();
                Upstream upstream = Upstream.named("upstream-us-east")) {
            Http api = controlPlane.api();

            created(api.post("/api/v1/teams", """
                    {"name": "platform", "description": "Platform team"}"""));
            // The deployment guide's exact body.
            JsonNode dataplane = created(api.post("/api/v1/teams/platform/dataplanes", """
                    {
                      "team": "platform",
                      "name": "us-east-production",
                      "gateway_host": "envoy-us-east.example.com",
                      "description": "Production dataplane in US-East region"
                    }"""));
            String dataplaneId = dataplane.get("id").asText();
            assertThat(dataplaneId).startsWith("dp_");
            assertThat(dataplane.get("gateway_host").asText()).isEqualTo("envoy-us-east.example.com");

            created(api.post("/api/v1/clusters", """
                    {"team": "platform", "name": "backend", "endpoints": [{"host": "127.0.0.1", "port": %d}]}"""
                    .formatted(upstream.port())));
            created(api.post("/api/v1/route-configs", """
                    {"team": "platform", "name": "api-listener-us",
                     "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""));
            int listenerPort = Ports.next();
            // The guide's listener body, on loopback and a free port instead of 0.0.0.0:10000.
            created(api.post("/api/v1/listeners", """
                    {
                      "team": "platform",
                      "name": "api-listener-us",
                      "address": "127.0.0.1",
                      "port": %d,
                      "dataplane_id": "%s"
                    }""".formatted(listenerPort, dataplaneId)));

            int envoyAdminPort = Ports.next();
            String bootstrap = DataplaneBootstraps.bootstrap(api, "platform", "us-east-production",
                    "node_id=envoy-us-001&admin_port=" + envoyAdminPort);
            assertThat(bootstrap).contains(dataplaneId).contains("port_value: " + controlPlane.xdsPort)
                    .contains("key: authorization");

            try (Envoy envoy = Envoy.start("us-east", bootstrap, envoyAdminPort)) {
                Http throughEnvoy = new Http("http://127.0.0.1:" + listenerPort, null);
                Http.Reply reply = Wait.until("a request through Envoy's listener on port " + listenerPort + " to reach the upstream",
                        Duration.ofSeconds(30), () -> {
                            try {
                                Http.Reply r = throughEnvoy.get("/hello");
                                return r.status() == 200 ? r : null;
                            } catch (RuntimeException notListeningYet) {
                                return null;
                            }
                        });
                assertThat(reply.body()).isEqualTo("hello from upstream-us-east /hello");
                assertThat(upstream.served()).isPositive();
                assertThat(envoy.admin().get("/config_dump?resource=dynamic_listeners").body()).contains("api-listener-us");
                assertThat(envoy.stat("control_plane.connected_state")).isEqualTo(1);

                // Revoking the dataplane's credentials ends the Envoy's ADS stream; it keeps its last configuration.
                assertThat(api.delete("/api/v1/teams/platform/dataplanes/us-east-production/credentials").status())
                        .isEqualTo(200);
                Wait.until("the revoked Envoy's ADS stream to end", Duration.ofSeconds(30),
                        () -> envoy.stat("control_plane.connected_state") == 0);
                assertThat(throughEnvoy.get("/hello").status()).isEqualTo(200);
            }

            Http.Reply started = api.post("/api/v1/operations", """
                    {"kind": "database-check"}""");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String operationId = started.json().get("id").asText();
            JsonNode finished = Wait.until("operation " + operationId + " to finish", Duration.ofSeconds(60), () -> {
                JsonNode operation = api.get("/api/v1/operations/" + operationId).json();
                String status = operation.get("status").asText();
                assertThat(status).as(operation.toString()).isIn("RUNNING", "COMPLETED");
                return status.equals("COMPLETED") ? operation : null;
            });
            long revision = api.get("/api/v1/config/revision").json().get("revision").asLong();
            assertThat(finished.at("/result/config_revision").asLong()).isEqualTo(revision).isPositive();
            assertThat(finished.at("/result/in_recovery").asBoolean()).isFalse();

            WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(TestStack.temporalAddress()).build());
            try {
                WorkflowClient temporal = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().build());
                Wait.until("Temporal visibility to list " + operationId, Duration.ofSeconds(30), () ->
                        temporal.listExecutions("WorkflowId = '" + operationId + "'").count() == 1 ? true : null);
            } finally {
                service.shutdown();
            }
            JsonNode listed = api.get("/api/v1/operations").json();
            assertThat(listed.findValuesAsText("id")).contains(operationId);
        }
    }

    private static JsonNode created(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }
}
