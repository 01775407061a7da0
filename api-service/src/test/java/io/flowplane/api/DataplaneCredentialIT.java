package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import io.flowplane.core.db.DatabaseUrl;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dataplane xDS credentials through the API (real api-service, real PostgreSQL): shown once, kept hashed,
 * rotated with an overlap, revoked, carried by the bootstrap; and node clusters owned by one team.
 */
class DataplaneCredentialIT {
    private static final String HEADER = "X-Flowplane-Dataplane-Credential";

    @RegisterExtension
    static final LiveApi API = new LiveApi();

    private final Api admin = API.admin();

    private static String dataplane(String team, String name) {
        API.created("/api/v1/teams", "{\"name\": \"" + team + "\"}");
        return API.created("/api/v1/teams/" + team + "/dataplanes", "{\"name\": \"" + name + "\"}").get("id").asText();
    }

    @Test
    void aCredentialIsShownOnceKeptHashedAndCarriedByTheBootstrap() {
        dataplane("cred-team", "edge");
        Reply issued = admin.post("/api/v1/teams/cred-team/dataplanes/edge/credentials", "{}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String secret = issued.text("credential");
        assertThat(secret).startsWith("fpdp_").hasSizeGreaterThan(40);
        String id = issued.text("id");

        JsonNode listed = admin.get("/api/v1/teams/cred-team/dataplanes/edge/credentials").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.toString()).doesNotContain(secret).doesNotContain("sha256");
        Reply dataplane = admin.get("/api/v1/teams/cred-team/dataplanes/edge");
        assertThat(dataplane.body()).doesNotContain("credential").doesNotContain(secret);
        DatabaseUrl url = DatabaseUrl.parse(API.database().primaryUrl());
        String stored = Jdbi.create(url.jdbcUrl(), url.user(), url.password()).withHandle(h -> h.createQuery(
                "SELECT credentials::text FROM dataplanes WHERE name = 'edge' AND team = 'cred-team'")
                .mapTo(String.class).one());
        assertThat(stored).as("only the hash is stored").doesNotContain(secret).contains(id);

        Reply bootstrap = admin.send("GET", "/api/v1/teams/cred-team/dataplanes/edge/bootstrap", null, HEADER, secret);
        assertThat(bootstrap.status()).isEqualTo(200);
        assertThat(bootstrap.body()).contains("initial_metadata").contains("key: authorization")
                .contains("Bearer " + secret);
        Reply withoutCredential = admin.get("/api/v1/teams/cred-team/dataplanes/edge/bootstrap");
        assertThat(withoutCredential.body()).doesNotContain("initial_metadata");

        Reply wrong = admin.send("GET", "/api/v1/teams/cred-team/dataplanes/edge/bootstrap", null, HEADER, "fpdp_guess");
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains(HEADER).contains("not a live credential").doesNotContain("fpdp_guess");
    }

    @Test
    void aRotationKeepsTheOldCredentialForTheOverlapAndARevocationRemovesThemAll() {
        dataplane("rot-team", "edge");
        String first = admin.post("/api/v1/teams/rot-team/dataplanes/edge/credentials", "{}").text("id");
        Instant before = Instant.now();
        Reply second = admin.post("/api/v1/teams/rot-team/dataplanes/edge/credentials", "{\"overlap_seconds\": 600}");
        assertThat(second.status()).isEqualTo(201);
        JsonNode others = second.json().get("others");
        assertThat(others).hasSize(1);
        assertThat(others.get(0).get("id").asText()).isEqualTo(first);
        Instant expiresAt = Instant.parse(others.get(0).get("expires_at").asText());
        assertThat(expiresAt).isBetween(before.plus(Duration.ofSeconds(595)), Instant.now().plusSeconds(605));

        assertThat(admin.post("/api/v1/teams/rot-team/dataplanes/edge/credentials", "{\"overlap_seconds\": -1}")
                .status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/teams/rot-team/dataplanes/edge/credentials", "{\"overlap_seconds\": 0}")
                .json().get("others")).as("overlap 0 ends the others at once").isEmpty();

        Reply revoked = admin.delete("/api/v1/teams/rot-team/dataplanes/edge/credentials");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revoked")).hasSize(1);
        assertThat(admin.get("/api/v1/teams/rot-team/dataplanes/edge/credentials").json()).isEmpty();

        JsonNode audit = admin.get("/api/v1/audit?resource_type=dataplane&team=rot-team").json();
        assertThat(audit.findValuesAsText("action")).contains("issue-credential", "revoke-credentials");
        assertThat(audit.toString()).doesNotContain("fpdp_");
    }

    @Test
    void onlyTheTeamsWritersIssueOrRevokeAndOtherTeamsSeeNothing() {
        dataplane("own-team", "edge");
        API.created("/api/v1/teams", "{\"name\": \"other-team\"}");
        Api reader = API.withScopes("team:own-team:read");
        Api stranger = API.withScopes("team:other-team:write");

        assertThat(reader.post("/api/v1/teams/own-team/dataplanes/edge/credentials", "{}").status()).isEqualTo(403);
        assertThat(reader.get("/api/v1/teams/own-team/dataplanes/edge/credentials").status()).isEqualTo(200);
        assertThat(stranger.post("/api/v1/teams/own-team/dataplanes/edge/credentials", "{}").status()).isEqualTo(404);
        assertThat(stranger.delete("/api/v1/teams/own-team/dataplanes/edge/credentials").status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/teams/own-team/dataplanes/edge/credentials/dpc_missing").status())
                .isEqualTo(404);
    }

    @Test
    void aNodeClusterBelongsToOneTeam() {
        API.created("/api/v1/teams", "{\"name\": \"holder\"}");
        API.created("/api/v1/teams", "{\"name\": \"claimant\"}");
        API.created("/api/v1/teams/holder/dataplanes", "{\"name\": \"eu\", \"node_clusters\": [\"eu-west-dataplane\"]}");

        Reply claim = admin.post("/api/v1/teams/claimant/dataplanes",
                "{\"name\": \"eu\", \"node_clusters\": [\"mine\", \"eu-west-dataplane\"]}");
        assertThat(claim.status()).isEqualTo(409);
        assertThat(claim.body()).contains("node cluster 'eu-west-dataplane' is held by team 'holder'");
        assertThat(admin.get("/api/v1/teams/claimant/dataplanes/eu").status()).as("nothing half written").isEqualTo(404);

        API.created("/api/v1/teams/claimant/dataplanes", "{\"name\": \"eu\", \"node_clusters\": [\"mine\"]}");
        JsonNode current = admin.get("/api/v1/teams/claimant/dataplanes/eu").json();
        Reply update = admin.put("/api/v1/teams/claimant/dataplanes/eu",
                current.toString().replace("[\"mine\"]", "[\"mine\",\"eu-west-dataplane\"]"));
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.body()).contains("held by team 'holder'");
        API.created("/api/v1/teams/holder/dataplanes", "{\"name\": \"eu-2\", \"node_clusters\": [\"eu-west-dataplane\"]}");
    }
}
