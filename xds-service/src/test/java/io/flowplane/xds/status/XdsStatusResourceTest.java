package io.flowplane.xds.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowplane.core.auth.BearerAuthentication;
import io.flowplane.core.model.Json;
import io.flowplane.xds.ads.Nack;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.ads.StreamStatus;
import io.flowplane.xds.ads.TypeStatus;
import io.flowplane.xds.source.LoadStatus;
import io.flowplane.xds.source.SnapshotHolder;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdsStatusResourceTest {
    private static final String ADMIN_TOKEN = "unit-admin-token-0123456789-abcdefghijkl";
    private final ObjectMapper json = Json.mapper();

    @Test
    void statusIsSnakeCaseWithLoadStateAndStreams() throws Exception {
        Instant at = Instant.parse("2025-01-01T10:00:00Z");
        Instant ackedAt = Instant.parse("2025-01-01T09:59:58.123456789Z");
        XdsStatus status = new XdsStatus(42L, at, "timeout", at, false, 1, 1, List.of(new StreamStatus(7, "envoy-1",
                "eu-west", "dp_a", true, null, "credential dpc_1 of dataplane dp_a", at, "sotw", 42L, Map.of("cds", new TypeStatus(
                        "type.googleapis.com/envoy.config.cluster.v3.Cluster", null, "v2", "v1", ackedAt,
                        new Nack("v2", "bad cluster", at), 2)))));

        JsonNode tree = json.readTree(json.writeValueAsString(status));

        assertThat(tree.get("config_revision").asLong()).isEqualTo(42);
        assertThat(tree.get("last_load_at").asText()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(tree.get("last_load_error").asText()).isEqualTo("timeout");
        JsonNode stream = tree.get("streams").get(0);
        assertThat(stream.get("node_id").asText()).isEqualTo("envoy-1");
        assertThat(stream.get("node_cluster").asText()).isEqualTo("eu-west");
        assertThat(stream.get("dataplane_id").asText()).isEqualTo("dp_a");
        assertThat(stream.get("authenticated_by").asText()).isEqualTo("credential dpc_1 of dataplane dp_a");
        assertThat(stream.get("connected_since").asText()).isEqualTo("2025-01-01T10:00:00Z");
        JsonNode cds = stream.get("types").get("cds");
        assertThat(cds.get("last_sent_version").asText()).isEqualTo("v2");
        assertThat(cds.get("last_acked_version").asText()).isEqualTo("v1");
        assertThat(cds.get("last_acked_at").asText()).as("microseconds").isEqualTo("2025-01-01T09:59:58.123456Z");
        assertThat(cds.get("last_nack").get("message").asText()).isEqualTo("bad cluster");
        assertThat(cds.get("responses_sent").asLong()).isEqualTo(2);
        assertThat(stream.get("protocol").asText()).isEqualTo("sotw");
        assertThat(stream.get("handled_revision").asLong()).isEqualTo(42);
    }

    @Test
    void aTypeNeverAckedHasANullLastAckedAt() throws Exception {
        TypeStatus eds = new TypeStatus("type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
                List.of("backend-a"), "v1", null, null, null, 1);

        JsonNode tree = json.readTree(json.writeValueAsString(eds));

        assertThat(tree.has("last_acked_at")).isTrue();
        assertThat(tree.get("last_acked_at").isNull()).isTrue();
    }

    /** Team scoping needs tokens in a database: {@code StatusApiAccessIT} has that matrix on real PostgreSQL. */
    @Test
    void theResourceReportsTheLoadStatusToTheAdminToken() {
        Instant at = Instant.parse("2025-01-01T10:00:00Z");
        XdsStatusResource resource = resource(new LoadStatus(9L, at, false, "connection refused", at));

        Response response = resource.status("Bearer " + ADMIN_TOKEN);

        assertThat(response.getStatus()).isEqualTo(200);
        XdsStatus status = (XdsStatus) response.getEntity();
        assertThat(status.configRevision()).isEqualTo(9L);
        assertThat(status.lastLoadAt()).isEqualTo(at);
        assertThat(status.lastLoadError()).isEqualTo("connection refused");
        assertThat(status.healthy()).isFalse();
        assertThat(status.streams()).isEmpty();
    }

    @Test
    void withoutABearerTokenTheStatusIsRefused() {
        XdsStatusResource resource = resource(LoadStatus.NOT_LOADED);

        for (String header : new String[] {null, "", "Basic abc", "Bearer "}) {
            Response response = resource.status(header);

            assertThat(response.getStatus()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(response.getEntity().toString()).contains("missing bearer token");
        }
    }

    private static XdsStatusResource resource(LoadStatus load) {
        // No token store: the admin token and a missing header are decided without one.
        return new XdsStatusResource(() -> load, new StreamRegistry(), new SnapshotHolder(),
                new BearerAuthentication(null, ADMIN_TOKEN));
    }
}
