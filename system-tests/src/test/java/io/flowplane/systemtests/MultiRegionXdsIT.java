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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The guide's three regions on one machine: one real Envoy per dataplane, each listening on the
 * same port (on its own loopback address), each receiving exactly its own listener. The EU Envoy
 * runs the guide's hand-written bootstrap, attached by node cluster.
 */
@Tag("isolated")
class MultiRegionXdsIT {
    record Region(String dataplane, String address, Upstream upstream) {}

    @Test
    void eachEnvoyGetsExactlyItsOwnListenerAndAChangeReachesAllOfThem() throws Exception {
        String databaseUrl = TestDatabase.create().primaryUrl();
        int sharedPort = Ports.next();
        List<Region> regions = List.of(
                new Region("us-east-production", "127.0.0.1", Upstream.named("us-east")),
                new Region("eu-west-production", "127.0.0.2", Upstream.named("eu-west")),
                new Region("ap-east-production", "127.0.0.3", Upstream.named("ap-east")));
        List<Envoy> envoys = new ArrayList<>();
        try (ControlPlane controlPlane = new ControlPlane(databaseUrl).start();
                Upstream replacement = Upstream.named("replacement")) {
            Http api = controlPlane.api();
            assertThat(api.post("/api/v1/teams", "{\"name\": \"platform\"}").status()).isEqualTo(201);
            List<String> clusterIds = new ArrayList<>();
            for (Region region : regions) {
                String extra = region.dataplane().startsWith("eu-") ? ", \"node_clusters\": [\"eu-west-dataplane\"]" : "";
                String dataplaneId = created(api.post("/api/v1/teams/platform/dataplanes", """
                        {"team": "platform", "name": "%s", "gateway_host": "envoy-%s.example.com",
                         "description": "Production dataplane"%s}""".formatted(region.dataplane(), region.dataplane(), extra)))
                        .get("id").asText();
                String cluster = region.dataplane().substring(0, 7) + "-backend";
                clusterIds.add(created(api.post("/api/v1/clusters", """
                        {"team": "platform", "name": "%s", "endpoints": [{"host": "127.0.0.1", "port": %d}]}"""
                        .formatted(cluster, region.upstream().port()))).get("id").asText());
                String listener = "api-listener-" + region.dataplane().substring(0, 7);
                created(api.post("/api/v1/route-configs", """
                        {"team": "platform", "name": "%s",
                         "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "%s"}]}]}"""
                        .formatted(listener, cluster)));
                created(api.post("/api/v1/listeners", """
                        {"team": "platform", "name": "%s", "address": "%s", "port": %d, "dataplane_id": "%s"}"""
                        .formatted(listener, region.address(), sharedPort, dataplaneId)));
                int adminPort = Ports.next();
                String bootstrap = region.dataplane().startsWith("eu-")
                        ? handWrittenEuBootstrap(controlPlane.xdsPort, adminPort,
                                DataplaneBootstraps.issueCredential(api, "platform", region.dataplane()))
                        : DataplaneBootstraps.bootstrap(api, "platform", region.dataplane(), "admin_port=" + adminPort);
                envoys.add(Envoy.start(region.dataplane(), bootstrap, adminPort));
            }

            for (int i = 0; i < regions.size(); i++) {
                Region region = regions.get(i);
                Envoy envoy = envoys.get(i);
                String body = awaitBody(region.address(), sharedPort, "hello from " + region.upstream().name());
                assertThat(body).isEqualTo("hello from " + region.upstream().name() + " /");
                JsonNode listeners = Http.JSON.readTree(envoy.admin().get("/config_dump?resource=dynamic_listeners").body());
                List<String> names = new ArrayList<>();
                listeners.path("configs").forEach(c -> names.add(c.path("name").asText()));
                assertThat(names)
                        .as("listeners of %s", region.dataplane())
                        .containsOnly("api-listener-" + region.dataplane().substring(0, 7));
            }

            // One change per region, made through the API, reaches every Envoy.
            for (int i = 0; i < regions.size(); i++) {
                JsonNode cluster = api.get("/api/v1/clusters/" + clusterIds.get(i)).json();
                Http.Reply updated = api.put("/api/v1/clusters/" + clusterIds.get(i), """
                        {"team": "platform", "name": "%s", "endpoints": [{"host": "127.0.0.1", "port": %d}], "version": %d}"""
                        .formatted(cluster.get("name").asText(), replacement.port(), cluster.get("version").asLong()));
                assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            }
            for (Region region : regions) {
                awaitBody(region.address(), sharedPort, "hello from replacement");
            }
            JsonNode status = controlPlane.xdsHttp().get("/api/v1/xds/status").json();
            assertThat(status.get("connected_dataplanes").asInt()).isEqualTo(3);
        } finally {
            envoys.forEach(Envoy::close);
            regions.forEach(r -> r.upstream().close());
        }
    }

    /** The guide's EU bootstrap, as shipped in deploy/envoy, pointed at this test's control plane, its credential filled in as documented there. */
    private static String handWrittenEuBootstrap(int xdsPort, int adminPort, String credential) throws Exception {
        String text = Files.readString(TestStack.root().resolve(Path.of("deploy", "envoy", "eu-west-hand-written.yaml")));
        assertThat(text).contains("cluster: eu-west-dataplane").contains("id: envoy-eu-001")
                .contains("value: \"Bearer DATAPLANE_CREDENTIAL\"");
        return text.replace("DATAPLANE_CREDENTIAL", credential)
                .replace("flowplane.eu-west-1.internal", "127.0.0.1")
                .replace("port_value: 50051", "port_value: " + xdsPort)
                .replace("port_value: 9902", "port_value: " + adminPort);
    }

    private static String awaitBody(String address, int port, String prefix) {
        Http client = new Http("http://" + address + ":" + port, null);
        return Wait.until("'" + prefix + "' through Envoy at " + address + ":" + port, Duration.ofSeconds(30), () -> {
            try {
                Http.Reply reply = client.get("/");
                return reply.status() == 200 && reply.body().startsWith(prefix) ? reply.body() : null;
            } catch (RuntimeException notYet) {
                return null;
            }
        });
    }

    private static JsonNode created(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }
}
