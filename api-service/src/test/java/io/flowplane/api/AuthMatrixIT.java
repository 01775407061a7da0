package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 401 without a live token, 404 for other teams' resources (as for missing ones), 403 for missing scopes. */
class AuthMatrixIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    /** team name to {dataplane, cluster, route config, listener} ids. */
    private static Map<String, List<String>> ids;

    @BeforeAll
    static void twoTeams() {
        ids = Map.of("platform", seed("platform"), "secret", seed("secret"));
    }

    private static List<String> seed(String team) {
        API.created("/api/v1/teams", "{\"name\": \"" + team + "\"}");
        String dp = API.created("/api/v1/teams/" + team + "/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        String cl = API.created("/api/v1/clusters",
                "{\"team\": \"" + team + "\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}").get("id").asText();
        String rc = API.created("/api/v1/route-configs", """
                {"team": "%s", "name": "web", "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""
                .formatted(team)).get("id").asText();
        String ln = API.created("/api/v1/listeners",
                "{\"team\": \"" + team + "\", \"name\": \"web\", \"address\": \"0.0.0.0\", \"port\": 80, \"dataplane_id\": \"" + dp + "\"}")
                .get("id").asText();
        return List.of(dp, cl, rc, ln);
    }

    /** Every route, with a team's ids filled in: method, path, body. */
    private static List<String[]> everyRoute(String team) {
        List<String> t = ids.get(team);
        String dp = "/api/v1/teams/" + team + "/dataplanes/us";
        return List.of(
                new String[] {"GET", "/api/v1/teams", null},
                new String[] {"POST", "/api/v1/teams", "{\"name\": \"x\"}"},
                new String[] {"GET", "/api/v1/teams/" + team, null},
                new String[] {"PUT", "/api/v1/teams/" + team, "{\"version\": 1}"},
                new String[] {"DELETE", "/api/v1/teams/" + team, null},
                new String[] {"GET", "/api/v1/teams/" + team + "/dataplanes", null},
                new String[] {"POST", "/api/v1/teams/" + team + "/dataplanes", "{\"name\": \"x\"}"},
                new String[] {"GET", dp, null},
                new String[] {"PUT", dp, "{\"version\": 1}"},
                new String[] {"DELETE", dp, null},
                new String[] {"GET", dp + "/bootstrap", null},
                new String[] {"GET", "/api/v1/clusters?team=" + team, null},
                new String[] {"POST", "/api/v1/clusters", "{\"team\": \"" + team + "\", \"name\": \"x\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}"},
                new String[] {"GET", "/api/v1/clusters/" + t.get(1), null},
                new String[] {"PUT", "/api/v1/clusters/" + t.get(1), "{\"endpoints\": [{\"host\": \"h\", \"port\": 1}], \"version\": 1}"},
                new String[] {"DELETE", "/api/v1/clusters/" + t.get(1), null},
                new String[] {"GET", "/api/v1/route-configs?team=" + team, null},
                new String[] {"POST", "/api/v1/route-configs", "{\"team\": \"" + team + "\", \"name\": \"x\", \"virtual_hosts\": "
                        + "[{\"name\": \"a\", \"domains\": [\"*\"], \"routes\": [{\"prefix\": \"/\", \"cluster\": \"backend\"}]}]}"},
                new String[] {"GET", "/api/v1/route-configs/" + t.get(2), null},
                new String[] {"PUT", "/api/v1/route-configs/" + t.get(2), "{\"version\": 1, \"virtual_hosts\": "
                        + "[{\"name\": \"a\", \"domains\": [\"*\"], \"routes\": [{\"prefix\": \"/\", \"cluster\": \"backend\"}]}]}"},
                new String[] {"DELETE", "/api/v1/route-configs/" + t.get(2), null},
                new String[] {"GET", "/api/v1/listeners?team=" + team, null},
                new String[] {"POST", "/api/v1/listeners", "{\"team\": \"" + team + "\", \"name\": \"x\", \"address\": \"0.0.0.0\", "
                        + "\"port\": 81, \"dataplane_id\": \"" + t.get(0) + "\"}"},
                new String[] {"GET", "/api/v1/listeners/" + t.get(3), null},
                new String[] {"PUT", "/api/v1/listeners/" + t.get(3), "{\"address\": \"0.0.0.0\", \"port\": 80, \"dataplane_id\": \""
                        + t.get(0) + "\", \"version\": 1}"},
                new String[] {"DELETE", "/api/v1/listeners/" + t.get(3), null},
                new String[] {"GET", "/api/v1/tokens", null},
                new String[] {"POST", "/api/v1/tokens", "{\"name\": \"x\", \"scopes\": [\"admin\"]}"},
                new String[] {"DELETE", "/api/v1/tokens/tok_unknown", null},
                new String[] {"GET", "/api/v1/config/revision", null},
                new String[] {"GET", "/api/v1/audit", null},
                new String[] {"GET", "/api/v1/operations", null},
                new String[] {"POST", "/api/v1/operations", "{\"kind\": \"database-check\"}"},
                new String[] {"GET", "/api/v1/operations/op-unknown", null},
                new String[] {"GET", "/api/v1/failovers", null},
                new String[] {"POST", "/api/v1/failovers", "{\"kind\": \"postgres-failover\", \"target\": \"c\", "
                        + "\"options\": {\"promote\": \"west\", \"dry_run\": true}}"},
                new String[] {"GET", "/api/v1/failovers/op-unknown", null},
                new String[] {"POST", "/api/v1/failovers/op-unknown/approve", "{\"approver\": \"on-call\"}"},
                new String[] {"POST", "/api/v1/failovers/op-unknown/abort", "{\"reason\": \"drill\"}"});
    }

    @Test
    void everyRouteButTheOpenApiDocumentNeedsALiveToken() {
        Reply issued = API.admin().post("/api/v1/tokens", "{\"name\": \"to-revoke\", \"scopes\": [\"admin\"]}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        Api revoked = API.anonymous().as(issued.text("token"));
        assertThat(revoked.get("/api/v1/teams").status()).as("live before it is revoked").isEqualTo(200);
        assertThat(API.admin().delete("/api/v1/tokens/" + issued.text("id")).status()).isEqualTo(204);

        List<Api> strangers = List.of(API.anonymous(), API.anonymous().as("not-a-token"), revoked);
        for (String[] route : everyRoute("platform")) {
            for (Api stranger : strangers) {
                Reply reply = stranger.send(route[0], route[1], route[2]);
                assertThat(reply.status()).as(route[0] + " " + route[1] + " -> " + reply).isEqualTo(401);
                assertThat(reply.text("error")).isEqualTo("unauthorized");
            }
            Reply basic = API.anonymous().send(route[0], route[1], route[2], "Authorization", "Basic YWRtaW46YWRtaW4=");
            assertThat(basic.status()).as(route[0] + " " + route[1]).isEqualTo(401);
        }
        assertThat(API.anonymous().get("/api/v1/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void anotherTeamsResourcesAreNotFoundExactlyLikeMissingOnes() {
        Api platformWriter = API.withScopes("team:platform:write");
        for (String[] route : everyRoute("secret")) {
            boolean teamScoped = route[1].contains("secret") || ids.get("secret").stream().anyMatch(route[1]::contains)
                    || (route[2] != null && route[2].contains("secret"));
            if (!teamScoped) {
                continue;
            }
            Reply reply = platformWriter.send(route[0], route[1], route[2]);
            assertThat(reply.status()).as(route[0] + " " + route[1] + " -> " + reply).isEqualTo(404);
            assertThat(reply.text("error")).isEqualTo("not_found");
        }
        for (String collection : List.of("clusters", "route-configs", "listeners")) {
            String secretId = ids.get("secret").get(List.of("dataplanes", "clusters", "route-configs", "listeners").indexOf(collection));
            Reply hidden = platformWriter.get("/api/v1/" + collection + "/" + secretId);
            Reply missing = platformWriter.get("/api/v1/" + collection + "/" + secretId.substring(0, 3) + "doesnotexist");
            assertThat(hidden.status()).isEqualTo(missing.status()).isEqualTo(404);
            assertThat(hidden.text("message").replace(secretId, "ID"))
                    .isEqualTo(missing.text("message").replace(secretId.substring(0, 3) + "doesnotexist", "ID"));
        }
        assertThat(platformWriter.get("/api/v1/teams").json().findValuesAsText("name")).containsExactly("platform");
    }

    @Test
    void readersCannotWriteAndWritersCannotAdminister() {
        Api reader = API.withScopes("team:platform:read");
        Api writer = API.withScopes("team:platform:write");
        for (String[] route : everyRoute("platform")) {
            boolean adminOnly = route[1].startsWith("/api/v1/tokens") || route[1].startsWith("/api/v1/operations")
                    || route[1].startsWith("/api/v1/failovers")
                    || (route[1].equals("/api/v1/teams") && route[0].equals("POST"))
                    || (route[1].equals("/api/v1/teams/platform") && route[0].equals("DELETE"));
            boolean write = !route[0].equals("GET");
            Reply asReader = reader.send(route[0], route[1], route[2]);
            if (adminOnly || write) {
                assertThat(asReader.status()).as("reader " + route[0] + " " + route[1] + " -> " + asReader).isEqualTo(403);
                assertThat(asReader.text("error")).isEqualTo("forbidden");
            } else {
                assertThat(asReader.status()).as("reader " + route[0] + " " + route[1] + " -> " + asReader).isEqualTo(200);
            }
            if (adminOnly) {
                Reply asWriter = writer.send(route[0], route[1], route[2]);
                assertThat(asWriter.status()).as("writer " + route[0] + " " + route[1] + " -> " + asWriter).isEqualTo(403);
            }
        }
        Reply created = writer.post("/api/v1/clusters",
                "{\"team\": \"platform\", \"name\": \"by-writer\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}");
        assertThat(created.status()).isEqualTo(201);
    }

    @Test
    void teamReadersSeeOnlyTheirTeamsAuditEntries() {
        Api reader = API.withScopes("team:platform:read");
        JsonNode own = reader.get("/api/v1/audit").json();
        assertThat(own).isNotEmpty();
        assertThat(own.findValuesAsText("team")).containsOnly("platform");
        assertThat(reader.get("/api/v1/audit?team=secret").status()).isEqualTo(404);
        JsonNode all = API.admin().get("/api/v1/audit?limit=1000").json();
        assertThat(all.findValuesAsText("team")).contains("platform", "secret");
        assertThat(all.findValuesAsText("resource_type")).contains("token");
    }

    @Test
    void aTokenForATeamThatDoesNotExistIsRefusedAndDeletingATeamRevokesItsTokens() {
        Reply early = API.admin().post("/api/v1/tokens", "{\"name\": \"early\", \"scopes\": [\"team:not-yet:write\"]}");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body()).contains("scopes[0]").contains("team 'not-yet' does not exist");

        API.created("/api/v1/teams", "{\"name\": \"short-lived\"}");
        Api member = API.withScopes("team:short-lived:write");
        assertThat(member.get("/api/v1/teams/short-lived").status()).isEqualTo(200);
        assertThat(API.admin().delete("/api/v1/teams/short-lived").status()).isEqualTo(204);
        API.created("/api/v1/teams", "{\"name\": \"short-lived\"}");

        assertThat(member.get("/api/v1/teams/short-lived").status())
                .as("the old team's token does not open the new team of the same name").isEqualTo(401);
        JsonNode audit = API.admin().get("/api/v1/audit?resource_type=token&limit=1000").json();
        assertThat(audit.toString()).contains("team 'short-lived' deleted");
    }
}
