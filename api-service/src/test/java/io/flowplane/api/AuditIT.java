package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every change leaves who (token id and name), what and when in the audit log. */
class AuditIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    @Test
    void changesAreAttributedToTheTokenThatMadeThem() {
        API.created("/api/v1/teams", "{\"name\": \"audited\"}");
        Reply issued = API.admin().post("/api/v1/tokens", "{\"name\": \"deployer\", \"scopes\": [\"team:audited:write\"]}");
        String tokenId = issued.text("id");
        Api deployer = API.admin().as(issued.text("token"));
        Instant before = Instant.now().minusSeconds(5);

        String id = deployer.post("/api/v1/clusters",
                "{\"team\": \"audited\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}").text("id");
        assertThat(deployer.put("/api/v1/clusters/" + id, "{\"endpoints\": [{\"host\": \"10.0.0.2\", \"port\": 80}], \"version\": 1}").status())
                .isEqualTo(200);
        assertThat(deployer.delete("/api/v1/clusters/" + id).status()).isEqualTo(204);

        JsonNode entries = API.admin().get("/api/v1/audit?resource_type=cluster&resource_id=" + id).json();
        List<String> actions = StreamSupport.stream(entries.spliterator(), false).map(e -> e.get("action").asText()).toList();
        assertThat(actions).containsExactly("delete", "update", "create");
        for (JsonNode entry : entries) {
            assertThat(entry.get("token_id").asText()).isEqualTo(tokenId);
            assertThat(entry.get("token_name").asText()).isEqualTo("deployer");
            assertThat(entry.get("team").asText()).isEqualTo("audited");
            assertThat(entry.get("resource_name").asText()).isEqualTo("backend");
            assertThat(Instant.parse(entry.get("at").asText())).isAfter(before);
        }
        assertThat(entries.get(1).get("detail").get("endpoints").get(0).get("host").asText()).isEqualTo("10.0.0.2");

        JsonNode teamEntries = deployer.get("/api/v1/audit?team=audited").json();
        assertThat(teamEntries.findValuesAsText("resource_id")).contains(id);
        JsonNode tokenEntries = API.admin().get("/api/v1/audit?resource_type=token&resource_id=" + tokenId).json();
        assertThat(tokenEntries).hasSize(1);
        assertThat(tokenEntries.get(0).get("token_name").asText()).isEqualTo("bootstrap-admin");
        assertThat(tokenEntries.get(0).get("detail").toString()).doesNotContain(issued.text("token"));
        assertThat(API.admin().get("/api/v1/audit?resource_type=widget").status()).isEqualTo(400);
        assertThat(API.admin().get("/api/v1/audit?limit=0").status()).isEqualTo(400);
    }
}
