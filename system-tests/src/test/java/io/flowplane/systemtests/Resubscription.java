package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Envoys of a {@link FaultStack} moving from one xds-service to another, and what the move sent them: SotW
 * versions are digests of the content, so a move that pushes nothing means the two servers hold the same
 * configuration for every Envoy.
 */
final class Resubscription {
    static final List<String> TYPES = List.of("lds", "rds", "cds", "eds");
    private static final String[] ENVOY_UPDATE_COUNTERS = {"listener_manager.lds.update_success",
            "cluster_manager.cds.update_success"};
    /** How long a moved stream is watched for a push it should not get. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private Resubscription() {}

    static void assertMovedWithoutAPush(FaultStack stack, ControlPlane to, Map<String, Map<String, String>> held,
            Map<String, Long> updatesBefore) {
        awaitAllStreamsOn(stack, to);
        Wait.sleep(QUIET);
        JsonNode status = FaultStack.xdsStatus(to).get("/api/v1/xds/status").json();
        for (JsonNode stream : status.path("streams")) {
            String node = stream.path("node_id").asText();
            for (String type : TYPES) {
                JsonNode typeStatus = stream.path("types").path(type);
                assertThat(typeStatus.path("responses_sent").asLong()).as(node + " " + type + " pushes after resubscribing")
                        .isZero();
                assertThat(typeStatus.path("last_acked_version").asText()).as(node + " " + type + " version it holds")
                        .isEqualTo(held.get(node).get(type));
            }
        }
        String metrics = Http.localhost(to.xdsAdminPort).get("/prometheus").body();
        for (String type : TYPES) {
            assertThat(metrics).contains("flowplane_xds_pushes_total{type=\"" + type + "\",} 0.0");
        }
        assertThat(envoyUpdateCounts(stack.envoys())).as("Envoy accepted no new listener or cluster update")
                .isEqualTo(updatesBefore);
    }

    /** The status of {@code controlPlane}'s xds-service once every Envoy streams from it and has ACKed what it was sent of each type. */
    static JsonNode awaitAllStreamsOn(FaultStack stack, ControlPlane controlPlane) {
        Http status = FaultStack.xdsStatus(controlPlane);
        return Wait.until("every Envoy streaming from xds-service on port " + controlPlane.xdsPort, FaultStack.WAIT, () -> {
            JsonNode s = status.get("/api/v1/xds/status").json();
            if (s.path("streams").size() != stack.envoys().size()) {
                return null;
            }
            for (JsonNode stream : s.path("streams")) {
                for (String type : TYPES) {
                    JsonNode typeStatus = stream.path("types").path(type);
                    String acked = typeStatus.path("last_acked_version").asText("");
                    String sent = typeStatus.path("last_sent_version").asText("");
                    if (acked.isEmpty() || !(sent.isEmpty() || sent.equals(acked))) {
                        return null;
                    }
                }
            }
            return s;
        });
    }

    static Map<String, Map<String, String>> ackedVersions(JsonNode status) {
        Map<String, Map<String, String>> versions = new HashMap<>();
        for (JsonNode stream : status.path("streams")) {
            Map<String, String> byType = new HashMap<>();
            TYPES.forEach(type -> byType.put(type, stream.path("types").path(type).path("last_acked_version").asText()));
            versions.put(stream.path("node_id").asText(), byType);
        }
        return versions;
    }

    static Map<String, Long> envoyUpdateCounts(List<Envoy> envoys) {
        Map<String, Long> counts = new HashMap<>();
        for (Envoy envoy : envoys) {
            for (String counter : ENVOY_UPDATE_COUNTERS) {
                counts.put(envoy.name() + " " + counter, envoy.stat(counter));
            }
        }
        return counts;
    }
}
