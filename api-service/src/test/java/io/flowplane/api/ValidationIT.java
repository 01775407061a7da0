package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input: a 4xx with a JSON body naming the field, and nothing written. */
class ValidationIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    private static String us;
    private static String eu;

    private final Api admin = API.admin();

    @BeforeAll
    static void fleet() {
        API.created("/api/v1/teams", "{\"name\": \"platform\"}");
        us = API.created("/api/v1/teams/platform/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        eu = API.created("/api/v1/teams/platform/dataplanes", "{\"name\": \"eu\"}").get("id").asText();
        API.created("/api/v1/clusters", "{\"team\": \"platform\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}");
    }

    @Test
    void malformedBodiesNameTheField() {
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"name\": \"x\", \"gatewayHost\": \"h\"}"), 400, "gatewayHost");
        expect(admin.post("/api/v1/listeners", "{\"team\": \"platform\", \"name\": \"l\", \"port\": \"ten\"}"), 400, "port");
        Reply notJson = admin.post("/api/v1/teams", "{\"name\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.text("error")).isEqualTo("invalid_json");
        assertThat(admin.send("POST", "/api/v1/teams", null, "Content-Type", "application/json").status()).isEqualTo(400);
    }

    @Test
    void namesPortsAndAddressesAreChecked() {
        expect(admin.post("/api/v1/teams", "{\"name\": \"Platform Team\"}"), 400, "name");
        expect(admin.post("/api/v1/teams", "{\"name\": \"-x\"}"), 400, "name");
        expect(admin.post("/api/v1/teams", "{\"name\": \"" + "a".repeat(64) + "\"}"), 400, "name");
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"name\": \"x\", \"gateway_host\": \"not a host\"}"), 400, "gateway_host");
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"team\": \"other\", \"name\": \"x\"}"), 400, "team");
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"name\": \"x\", \"description\": \"" + "d".repeat(1025) + "\"}"), 400, "description");
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"name\": \"x\", \"node_clusters\": [\"a\", \"a\"]}"), 400, "node_clusters[1]");
        for (int port : new int[] {0, -1, 65536}) {
            expect(listener("l1", "0.0.0.0", port, us), 400, "port");
        }
        expect(listener("l1", "envoy.example.com", 80, us), 400, "address");
        expect(listener("l1", "256.0.0.1", 80, us), 400, "address");
        expect(admin.post("/api/v1/listeners", "{\"team\": \"platform\", \"name\": \"l1\", \"address\": \"0.0.0.0\", \"port\": 80}"),
                400, "dataplane_id");
        expect(admin.post("/api/v1/clusters", "{\"team\": \"platform\", \"name\": \"c\", \"endpoints\": []}"), 400, "endpoints");
        expect(admin.post("/api/v1/clusters", "{\"team\": \"platform\", \"name\": \"c\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 70000}]}"),
                400, "endpoints[0].port");
        expect(admin.post("/api/v1/clusters", """
                {"team": "platform", "name": "c", "endpoints": [{"host": "10.0.0.1", "port": 80}, {"host": "10.0.0.1", "port": 80}]}"""),
                400, "endpoints[1]");
        expect(admin.post("/api/v1/clusters", """
                {"team": "platform", "name": "c", "endpoints": [{"host": "10.0.0.1", "port": 80}], "connect_timeout_ms": 0}"""),
                400, "connect_timeout_ms");
    }

    @Test
    void unknownReferencesAreRefused() {
        expect(admin.post("/api/v1/clusters", "{\"team\": \"nope\", \"name\": \"c\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}"),
                404, null);
        expect(admin.post("/api/v1/teams/nope/dataplanes", "{\"name\": \"x\"}"), 404, null);
        expect(listener("l1", "0.0.0.0", 80, "dp_doesnotexist"), 422, "dataplane_id");
        expect(routeConfig("rc1", "{\"prefix\": \"/\", \"cluster\": \"backend\"}, {\"prefix\": \"/b\", \"cluster\": \"missing\"}"),
                422, "virtual_hosts[0].routes[1].cluster");
        expect(routeConfig("rc1", "{\"prefix\": \"/\", \"weighted_clusters\": [{\"cluster\": \"backend\", \"weight\": 1}, {\"cluster\": \"gone\", \"weight\": 1}]}"),
                422, "virtual_hosts[0].routes[0].weighted_clusters[1].cluster");
        assertThat(admin.get("/api/v1/route-configs?team=platform").json()).as("nothing half-written").isEmpty();
    }

    @Test
    void routesAreCheckedFieldByField() {
        String at = "virtual_hosts[0].routes[0]";
        expect(routeConfig("r", "{\"prefix\": \"/\", \"path\": \"/x\", \"cluster\": \"backend\"}"), 400, at);
        expect(routeConfig("r", "{\"cluster\": \"backend\"}"), 400, at);
        expect(routeConfig("r", "{\"prefix\": \"api\", \"cluster\": \"backend\"}"), 400, at + ".prefix");
        expect(routeConfig("r", "{\"prefix\": \"/\"}"), 400, at);
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"weighted_clusters\": [{\"cluster\": \"backend\", \"weight\": 1}]}"), 400, at);
        expect(routeConfig("r", "{\"prefix\": \"/\", \"weighted_clusters\": [{\"cluster\": \"backend\", \"weight\": 0}]}"), 400, at + ".weighted_clusters");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"weighted_clusters\": [{\"cluster\": \"backend\", \"weight\": -1}]}"), 400, at + ".weighted_clusters[0].weight");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"weighted_clusters\": [{\"cluster\": \"backend\"}]}"), 400, at + ".weighted_clusters[0].weight");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"weighted_clusters\": [{\"cluster\": \"backend\", \"weight\": 1}, {\"cluster\": \"backend\", \"weight\": 1}]}"),
                400, at + ".weighted_clusters[1].cluster");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"headers\": [{\"name\": \"x-a\"}]}"), 400, at + ".headers[0]");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"headers\": [{\"name\": \"x-a\", \"exact\": \"1\", \"present\": true}]}"),
                400, at + ".headers[0]");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"headers\": [{\"name\": \"X A\", \"exact\": \"1\"}]}"),
                400, at + ".headers[0].name");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"headers\": [{\"name\": \"x-a\", \"regex\": \".*\"}]}"),
                400, "virtual_hosts[0].routes[0].headers[0].regex");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"timeout_ms\": -5}"), 400, at + ".timeout_ms");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"retry_policy\": {\"retry_on\": \"sometimes\"}}"),
                400, at + ".retry_policy.retry_on");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"retry_policy\": {\"retry_on\": \"5xx\", \"num_retries\": 11}}"),
                400, at + ".retry_policy.num_retries");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"retry_policy\": {\"retry_on\": \"5xx\", \"per_try_timeout_ms\": 0}}"),
                400, at + ".retry_policy.per_try_timeout_ms");
        expect(routeConfig("r", "{\"prefix\": \"/\", \"cluster\": \"backend\", \"retry_policy\": {\"num_retries\": 1}}"),
                400, at + ".retry_policy.retry_on");
        expect(admin.post("/api/v1/route-configs", """
                {"team": "platform", "name": "r", "virtual_hosts": [
                  {"name": "a", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]},
                  {"name": "b", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""),
                400, "virtual_hosts[1].domains[0]");
        expect(admin.post("/api/v1/route-configs", """
                {"team": "platform", "name": "r", "virtual_hosts": [{"name": "a", "domains": ["*"], "routes": []}]}"""),
                400, "virtual_hosts[0].routes");
        expect(admin.post("/api/v1/route-configs", "{\"team\": \"platform\", \"name\": \"r\", \"virtual_hosts\": []}"),
                400, "virtual_hosts");
    }

    @Test
    void duplicatesAndTakenPortsAreConflicts() {
        API.created("/api/v1/teams", "{\"name\": \"dups\"}");
        expect(admin.post("/api/v1/teams", "{\"name\": \"dups\"}"), 409, "name");
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"name\": \"us\"}"), 409, "name");
        expect(admin.post("/api/v1/clusters", "{\"team\": \"platform\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}"),
                409, "name");
        assertThat(routeConfig("dup-rc", "{\"prefix\": \"/\", \"cluster\": \"backend\"}").status()).isEqualTo(201);
        expect(routeConfig("dup-rc", "{\"prefix\": \"/\", \"cluster\": \"backend\"}"), 409, "name");

        assertThat(listener("edge-us", "10.1.0.1", 7000, us).status()).isEqualTo(201);
        expect(listener("edge-us", "10.1.0.1", 7001, us), 409, "name");
        expect(listener("edge-us-2", "10.1.0.1", 7000, us), 409, "port");
        expect(listener("edge-us-3", "0.0.0.0", 7000, us), 409, "port");
        assertThat(listener("edge-us-4", "10.1.0.2", 7000, us).status()).as("another address, same port").isEqualTo(201);
        assertThat(listener("edge-eu", "10.1.0.1", 7000, eu).status()).as("same address and port, other dataplane").isEqualTo(201);
    }

    @Test
    void updatesNeedAVersionAndCannotRenameOrMoveTeams() {
        String id = API.created("/api/v1/clusters",
                "{\"team\": \"platform\", \"name\": \"versioned\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}").get("id").asText();
        expect(admin.put("/api/v1/clusters/" + id, "{\"endpoints\": [{\"host\": \"h\", \"port\": 2}]}"), 400, "version");
        expect(admin.put("/api/v1/clusters/" + id, "{\"endpoints\": [{\"host\": \"h\", \"port\": 2}], \"version\": 0}"), 400, "version");
        expect(admin.put("/api/v1/clusters/" + id, "{\"endpoints\": [{\"host\": \"h\", \"port\": 2}]}", "If-Match", "yesterday"),
                400, "If-Match");
        expect(admin.put("/api/v1/clusters/" + id, "{\"name\": \"renamed\", \"endpoints\": [{\"host\": \"h\", \"port\": 2}], \"version\": 1}"),
                400, "name");
        expect(admin.put("/api/v1/clusters/" + id, "{\"team\": \"dups\", \"endpoints\": [{\"host\": \"h\", \"port\": 2}], \"version\": 1}"),
                400, "team");
        assertThat(admin.get("/api/v1/clusters/" + id).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void bodiesOverOneMebibyteAre413WithAJsonError() throws Exception {
        String huge = "{\"name\": \"big\", \"description\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        Reply declared = admin.post("/api/v1/teams", huge);
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.text("error")).isEqualTo("payload_too_large");

        HttpRequest chunked = HttpRequest.newBuilder(API.app().baseUri().resolve("/api/v1/teams"))
                .header("Authorization", "Bearer " + admin.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = send(chunked);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("payload_too_large");
        assertThat(admin.get("/api/v1/teams/big").status()).isEqualTo(404);
    }

    @Test
    void refusedRequestsWriteNothing() {
        long revision = API.revision();
        int audit = admin.get("/api/v1/audit?limit=1000").json().size();
        expect(routeConfig("half", "{\"prefix\": \"/\", \"cluster\": \"backend\"}, {\"prefix\": \"/x\", \"cluster\": \"missing\"}"),
                422, "virtual_hosts[0].routes[1].cluster");
        expect(listener("bad", "0.0.0.0", 99999, us), 400, "port");
        expect(admin.delete("/api/v1/teams/platform/dataplanes/us"), 409, null);
        expect(admin.post("/api/v1/teams/platform/dataplanes", "{\"name\": \"us\"}"), 409, "name");
        assertThat(API.revision()).isEqualTo(revision);
        assertThat(admin.get("/api/v1/audit?limit=1000").json().size()).isEqualTo(audit);
        assertThat(admin.get("/api/v1/route-configs?team=platform").json().findValuesAsText("name")).doesNotContain("half");
    }

    private Reply listener(String name, String address, int port, String dataplaneId) {
        return admin.post("/api/v1/listeners", """
                {"team": "platform", "name": "%s", "address": "%s", "port": %d, "dataplane_id": "%s"}"""
                .formatted(name, address, port, dataplaneId));
    }

    private Reply routeConfig(String name, String routes) {
        return admin.post("/api/v1/route-configs", """
                {"team": "platform", "name": "%s", "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [%s]}]}"""
                .formatted(name, routes));
    }

    /** The status, a JSON error body, and the field it names (null: any). */
    static void expect(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.text("error")).as(reply.toString()).isNotBlank();
        assertThat(reply.text("message")).as(reply.toString()).isNotBlank();
        if (field != null) {
            assertThat(reply.text("field")).as(reply.toString()).isEqualTo(field);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
