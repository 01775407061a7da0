package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.core.store.TokenStore;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may read the xDS status API (8090), with two teams' real Envoys streaming: the REST API's tokens and team
 * scopes, checked in the database xds-service reads; FLOWPLANE_ADMIN_TOKEN without it. The hooks on the admin
 * port take FLOWPLANE_ADMIN_TOKEN only.
 */
class StatusApiAccessIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static StoreDatabase db;
    private static XdsServer xds;
    private static Gateway payments;
    private static Gateway search;
    private static TokenStore tokens;
    private static final List<Envoy> envoys = new ArrayList<>();

    @BeforeAll
    static void twoTeamsStream() {
        db = StoreDatabase.create();
        Gateway.team(db, "payments");
        Gateway.team(db, "search");
        Gateway.team(db, "quiet");
        payments = Gateway.create(db, "payments", "pay", 8080, Ports.next());
        search = Gateway.create(db, "search", "find", 8080, Ports.next());
        tokens = new TokenStore(db.jdbi);
        xds = XdsServer.start(db.primaryUrl);
        envoys.add(AdsBootstrap.startEnvoy("envoy-pay", xds.grpcPort, payments.dataplane().id(), payments.credential(), false, null));
        envoys.add(AdsBootstrap.startEnvoy("envoy-find", xds.grpcPort, search.dataplane().id(), search.credential(), false, null));
        Wait.until("both Envoys streaming", WAIT, () -> xds.xdsStatus().json().path("streams").size() == 2);
    }

    @AfterAll
    static void stop() {
        envoys.forEach(Envoy::close);
        xds.close();
        db.close();
    }

    private static Http.Reply statusWith(String token) {
        return xds.application().withToken(token).get("/api/v1/xds/status");
    }

    private static String token(String name, String... scopes) {
        return tokens.store(name, TokenStore.newSecret(), List.of(scopes)).token();
    }

    private static List<String> dataplanesIn(Http.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().path("streams").forEach(stream -> ids.add(stream.path("dataplane_id").asText()));
        return ids;
    }

    @Test
    void withoutAValidTokenTheStatusIsRefusedAndNamesNoStream() {
        String revoked = tokens.store("gone", TokenStore.newSecret(), List.of("admin")).token();
        tokens.revoke(tokens.list().stream().filter(t -> t.name().equals("gone")).findFirst().orElseThrow().id());

        Http.Reply none = xds.application().get("/api/v1/xds/status");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("message").asText()).contains("missing bearer token");
        for (String token : List.of("fp_not-a-token", revoked)) {
            Http.Reply refused = statusWith(token);
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.json().path("message").asText()).isEqualTo("Authorization: invalid or revoked bearer token");
            assertThat(refused.body()).doesNotContain(payments.dataplane().id(), "envoy-pay", token);
        }
    }

    @Test
    void theAdminTokenAndAdminScopedTokensSeeEveryStream() {
        List<String> both = List.of(payments.dataplane().id(), search.dataplane().id());

        assertThat(dataplanesIn(statusWith(XdsServer.ADMIN_TOKEN))).containsExactlyInAnyOrderElementsOf(both);
        Http.Reply admin = statusWith(token("ops", "admin"));
        assertThat(dataplanesIn(admin)).containsExactlyInAnyOrderElementsOf(both);
        assertThat(admin.json().path("connected_dataplanes").asInt()).isEqualTo(2);
        assertThat(admin.json().has("last_load_error")).as("admins read the load error").isTrue();
    }

    @Test
    void aTeamTokenSeesOnlyItsTeamsStreams() {
        Http.Reply reader = statusWith(token("payments-reader", "team:payments:read"));
        assertThat(dataplanesIn(reader)).containsExactly(payments.dataplane().id());
        assertThat(reader.json().path("connected_streams").asInt()).isEqualTo(1);
        assertThat(reader.json().path("connected_dataplanes").asInt()).isEqualTo(1);
        assertThat(reader.json().path("healthy").asBoolean()).isTrue();
        assertThat(reader.json().path("last_load_error").isNull()).as("the load error may name the database host").isTrue();
        assertThat(reader.body()).doesNotContain("envoy-find", search.dataplane().id());

        assertThat(dataplanesIn(statusWith(token("search-writer", "team:search:write"))))
                .containsExactly(search.dataplane().id());
        assertThat(dataplanesIn(statusWith(token("both", "team:search:read", "team:payments:read"))))
                .containsExactlyInAnyOrder(payments.dataplane().id(), search.dataplane().id());
        assertThat(dataplanesIn(statusWith(token("quiet-reader", "team:quiet:read")))).isEmpty();
    }

    @Test
    void theHooksTakeOnlyTheAdminToken() {
        for (String token : List.of(token("hook-admin", "admin"), token("hook-team", "team:payments:write"))) {
            assertThat(xds.admin().withToken(token).get("/control-plane/status").status()).isEqualTo(401);
        }
        assertThat(xds.admin().get("/control-plane/status").status()).isEqualTo(401);
        assertThat(xds.hookStatus().status()).isEqualTo(200);
    }
}
