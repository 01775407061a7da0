package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every resource through create, get, list, update and delete; each committed change bumps the revision. */
class CrudIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    private final Api admin = API.admin();

    @Test
    void teamsCanBeCreatedReadUpdatedAndDeleted() {
        long before = API.revision();
        JsonNode team = API.created("/api/v1/teams", "{\"name\": \"crud-team\", \"description\": \"first\"}");
        assertThat(API.revision()).isGreaterThan(before);

        Reply got = admin.get("/api/v1/teams/crud-team");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.header("ETag")).isEqualTo("\"1\"");
        assertThat(admin.get("/api/v1/teams").json().findValuesAsText("name")).contains("crud-team");

        long beforeUpdate = API.revision();
        Reply updated = admin.put("/api/v1/teams/crud-team", "{\"description\": \"second\", \"version\": 1}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("description").asText()).isEqualTo("second");
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(updated.json().get("id").asText()).isEqualTo(team.get("id").asText());
        assertThat(API.revision()).isGreaterThan(beforeUpdate);

        long beforeDelete = API.revision();
        assertThat(admin.delete("/api/v1/teams/crud-team").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/teams/crud-team").status()).isEqualTo(404);
        assertThat(API.revision()).isGreaterThan(beforeDelete);
    }

    @Test
    void dataplanesCanBeCreatedReadUpdatedAndDeletedByNameOrId() {
        API.created("/api/v1/teams", "{\"name\": \"dp-team\"}");
        long before = API.revision();
        JsonNode dp = API.created("/api/v1/teams/dp-team/dataplanes",
                "{\"team\": \"dp-team\", \"name\": \"us-east-production\", \"gateway_host\": \"envoy-us-east.example.com\"}");
        assertThat(API.revision()).isGreaterThan(before);
        String id = dp.get("id").asText();

        assertThat(admin.get("/api/v1/teams/dp-team/dataplanes/us-east-production").json().get("id").asText()).isEqualTo(id);
        assertThat(admin.get("/api/v1/teams/dp-team/dataplanes/" + id).json().get("name").asText()).isEqualTo("us-east-production");
        assertThat(admin.get("/api/v1/teams/dp-team/dataplanes").json()).hasSize(1);

        // A GET answer, edited and sent back, is a valid update.
        JsonNode current = admin.get("/api/v1/teams/dp-team/dataplanes/us-east-production").json();
        String edited = current.toString().replace("envoy-us-east.example.com", "envoy-us-east-2.example.com");
        long beforeUpdate = API.revision();
        Reply updated = admin.put("/api/v1/teams/dp-team/dataplanes/us-east-production", edited);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("gateway_host").asText()).isEqualTo("envoy-us-east-2.example.com");
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(API.revision()).isGreaterThan(beforeUpdate);

        Reply rename = admin.put("/api/v1/teams/dp-team/dataplanes/" + id, "{\"name\": \"other\", \"version\": 2}");
        assertThat(rename.status()).isEqualTo(400);
        assertThat(rename.text("field")).isEqualTo("name");

        long beforeDelete = API.revision();
        assertThat(admin.delete("/api/v1/teams/dp-team/dataplanes/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/teams/dp-team/dataplanes/" + id).status()).isEqualTo(404);
        assertThat(API.revision()).isGreaterThan(beforeDelete);
    }

    @Test
    void clustersCarryEndpointsThroughEveryOperation() {
        API.created("/api/v1/teams", "{\"name\": \"cl-team\"}");
        JsonNode cluster = API.created("/api/v1/clusters",
                "{\"team\": \"cl-team\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.5\", \"port\": 8080}]}");
        String id = cluster.get("id").asText();
        assertThat(id).startsWith("cl_");
        assertThat(cluster.get("connect_timeout_ms").asInt()).isEqualTo(5000);

        Reply got = admin.get("/api/v1/clusters/" + id);
        assertThat(got.json().get("endpoints").get(0).get("host").asText()).isEqualTo("10.0.0.5");
        assertThat(admin.get("/api/v1/clusters?team=cl-team").json()).hasSize(1);

        long before = API.revision();
        Reply updated = admin.put("/api/v1/clusters/" + id, """
                {"endpoints": [{"host": "10.0.0.6", "port": 8081}, {"host": "backend.internal", "port": 8082}],
                 "connect_timeout_ms": 250}""", "If-Match", got.header("ETag"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("endpoints")).hasSize(2);
        assertThat(updated.json().get("connect_timeout_ms").asInt()).isEqualTo(250);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        assertThat(API.revision()).isGreaterThan(before);

        long beforeDelete = API.revision();
        assertThat(admin.send("DELETE", "/api/v1/clusters/" + id, "{\"version\": 2}").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/clusters/" + id).status()).isEqualTo(404);
        assertThat(API.revision()).isGreaterThan(beforeDelete);
    }

    @Test
    void routeConfigsKeepHeadersWeightedClustersTimeoutsAndRetries() {
        API.created("/api/v1/teams", "{\"name\": \"rc-team\"}");
        API.created("/api/v1/clusters", "{\"team\": \"rc-team\", \"name\": \"stable\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}");
        API.created("/api/v1/clusters", "{\"team\": \"rc-team\", \"name\": \"canary\", \"endpoints\": [{\"host\": \"10.0.0.2\", \"port\": 80}]}");
        String body = """
                {"team": "rc-team", "name": "edge", "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [
                  {"prefix": "/api", "headers": [{"name": "x-canary", "exact": "1"}, {"name": "x-debug", "present": true}],
                   "weighted_clusters": [{"cluster": "stable", "weight": 90}, {"cluster": "canary", "weight": 10}],
                   "timeout_ms": 1500,
                   "retry_policy": {"retry_on": "5xx,reset,connect-failure", "num_retries": 3, "per_try_timeout_ms": 500}},
                  {"path": "/healthz", "cluster": "stable"}]}]}""";
        JsonNode created = API.created("/api/v1/route-configs", body);
        String id = created.get("id").asText();
        assertThat(id).startsWith("rc_");

        JsonNode route = admin.get("/api/v1/route-configs/" + id).json().get("virtual_hosts").get(0).get("routes").get(0);
        assertThat(route.get("prefix").asText()).isEqualTo("/api");
        assertThat(route.get("headers").get(0).get("exact").asText()).isEqualTo("1");
        assertThat(route.get("headers").get(1).get("present").asBoolean()).isTrue();
        assertThat(route.get("weighted_clusters").get(1).get("cluster").asText()).isEqualTo("canary");
        assertThat(route.get("weighted_clusters").get(1).get("weight").asInt()).isEqualTo(10);
        assertThat(route.get("timeout_ms").asLong()).isEqualTo(1500);
        assertThat(route.get("retry_policy").get("retry_on").asText()).isEqualTo("5xx,reset,connect-failure");
        assertThat(route.get("retry_policy").get("num_retries").asInt()).isEqualTo(3);
        assertThat(route.get("retry_policy").get("per_try_timeout_ms").asLong()).isEqualTo(500);
        assertThat(route.has("cluster")).as("a weighted route has no single cluster").isFalse();
        assertThat(admin.get("/api/v1/route-configs?team=rc-team").json()).hasSize(1);

        long before = API.revision();
        Reply updated = admin.put("/api/v1/route-configs/" + id, """
                {"version": 1, "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "canary"}]}]}""");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("virtual_hosts").get(0).get("routes").get(0).get("cluster").asText()).isEqualTo("canary");
        assertThat(API.revision()).isGreaterThan(before);

        long beforeDelete = API.revision();
        assertThat(admin.delete("/api/v1/route-configs/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/route-configs/" + id).status()).isEqualTo(404);
        assertThat(API.revision()).isGreaterThan(beforeDelete);
    }

    @Test
    void listenersCanMoveBetweenDataplanesAndBeDeleted() {
        API.created("/api/v1/teams", "{\"name\": \"ln-team\"}");
        String us = API.created("/api/v1/teams/ln-team/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        String eu = API.created("/api/v1/teams/ln-team/dataplanes", "{\"name\": \"eu\"}").get("id").asText();
        JsonNode listener = API.created("/api/v1/listeners",
                "{\"team\": \"ln-team\", \"name\": \"web\", \"address\": \"0.0.0.0\", \"port\": 8443, \"dataplane_id\": \"" + us + "\"}");
        String id = listener.get("id").asText();
        assertThat(admin.get("/api/v1/listeners/" + id).json().get("dataplane_id").asText()).isEqualTo(us);
        assertThat(admin.get("/api/v1/listeners?team=ln-team&dataplane_id=" + us).json()).hasSize(1);
        assertThat(admin.get("/api/v1/listeners?team=ln-team&dataplane_id=" + eu).json()).isEmpty();

        long before = API.revision();
        Reply moved = admin.put("/api/v1/listeners/" + id, """
                {"address": "127.0.0.1", "port": 9443, "dataplane_id": "%s", "route_config": "shared", "version": 1}""".formatted(eu));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("dataplane_id").asText()).isEqualTo(eu);
        assertThat(moved.json().get("port").asInt()).isEqualTo(9443);
        assertThat(moved.json().get("route_config").asText()).isEqualTo("shared");
        assertThat(API.revision()).isGreaterThan(before);

        long beforeDelete = API.revision();
        assertThat(admin.delete("/api/v1/listeners/" + id, "If-Match", "\"2\"").status()).isEqualTo(204);
        assertThat(admin.get("/api/v1/listeners/" + id).status()).isEqualTo(404);
        assertThat(API.revision()).isGreaterThan(beforeDelete);
    }

    @Test
    void deletingWhatOthersDependOnIsAConflictNamingTheDependents() {
        API.created("/api/v1/teams", "{\"name\": \"dep-team\"}");
        String dp = API.created("/api/v1/teams/dep-team/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        String cluster = API.created("/api/v1/clusters",
                "{\"team\": \"dep-team\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}").get("id").asText();
        String rc = API.created("/api/v1/route-configs", """
                {"team": "dep-team", "name": "front", "virtual_hosts": [{"name": "all", "domains": ["*"],
                 "routes": [{"prefix": "/", "weighted_clusters": [{"cluster": "backend", "weight": 1}]}]}]}""").get("id").asText();
        String listener = API.created("/api/v1/listeners", """
                {"team": "dep-team", "name": "front", "address": "0.0.0.0", "port": 80, "dataplane_id": "%s"}""".formatted(dp))
                .get("id").asText();

        long before = API.revision();
        Reply dpDelete = admin.delete("/api/v1/teams/dep-team/dataplanes/us");
        assertThat(dpDelete.status()).isEqualTo(409);
        assertThat(dpDelete.text("message")).contains("front").contains(listener);
        Reply clusterDelete = admin.delete("/api/v1/clusters/" + cluster);
        assertThat(clusterDelete.status()).isEqualTo(409);
        assertThat(clusterDelete.text("message")).contains("front").contains(rc);
        Reply rcDelete = admin.delete("/api/v1/route-configs/" + rc);
        assertThat(rcDelete.status()).isEqualTo(409);
        assertThat(rcDelete.text("message")).contains(listener);
        Reply teamDelete = admin.delete("/api/v1/teams/dep-team");
        assertThat(teamDelete.status()).isEqualTo(409);
        assertThat(teamDelete.text("message")).contains("dataplane us", "cluster backend", "route config front", "listener front");
        assertThat(API.revision()).as("refused deletes change nothing").isEqualTo(before);

        assertThat(admin.delete("/api/v1/listeners/" + listener).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/route-configs/" + rc).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/clusters/" + cluster).status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/teams/dep-team/dataplanes/us").status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/teams/dep-team").status()).isEqualTo(204);
    }

    @Test
    void tokensAreListedWithoutSecretsAndRevokedTokensAreRefused() {
        Reply issued = admin.post("/api/v1/tokens", "{\"name\": \"ci-bot\", \"scopes\": [\"admin\"]}");
        assertThat(issued.status()).isEqualTo(201);
        String secret = issued.text("token");
        String id = issued.text("id");
        assertThat(admin.as(secret).get("/api/v1/teams").status()).isEqualTo(200);

        Reply list = admin.get("/api/v1/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("name")).contains("ci-bot", "bootstrap-admin");
        assertThat(list.body()).doesNotContain(secret).doesNotContain("token_hash").doesNotContain("\"token\"");

        assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(admin.as(secret).get("/api/v1/teams").status()).isEqualTo(401);
        assertThat(admin.delete("/api/v1/tokens/" + id).status()).as("revoking twice").isEqualTo(404);
        JsonNode revoked = null;
        for (JsonNode token : admin.get("/api/v1/tokens").json()) {
            if (token.get("id").asText().equals(id)) {
                revoked = token;
            }
        }
        assertThat(revoked).isNotNull();
        assertThat(revoked.get("revoked_at").isNull()).isFalse();
    }

    @Test
    void theBootstrapIsServedAsYamlOrJson() {
        API.created("/api/v1/teams", "{\"name\": \"bs-team\"}");
        String id = API.created("/api/v1/teams/bs-team/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        Reply yaml = admin.get("/api/v1/teams/bs-team/dataplanes/us/bootstrap");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.body()).contains(id).contains("us-envoy");
        Reply json = admin.get("/api/v1/teams/bs-team/dataplanes/" + id + "/bootstrap?format=json&node_id=n1");
        assertThat(json.json().get("node").get("id").asText()).isEqualTo("n1");
        assertThat(admin.get("/api/v1/teams/bs-team/dataplanes/us/bootstrap?format=xml").status()).isEqualTo(400);
    }
}
