package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.AP_EAST;
import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.EU_WEST;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;
import static io.flowplane.systemtests.FailoverStack.OLD_PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL failover on the guide's four members, all real: primary us-east-1, synchronous replica us-east-2,
 * asynchronous replicas eu-west-1 and ap-east-1; control plane A (api-service, xds-service) in us-east reading from
 * us-east-2, control plane B (xds-service) in eu-west reading from eu-west-1; an Envoy on each; writes through the API.
 */
class GuideTopologyFailoverIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aPlannedFailoverChoosesTheSynchronousReplicaBringsTheOthersAlongAndEveryRegionReadsFromItsOwnMember() throws Exception {
        try (FailoverStack stack = FailoverStack.startGuideTopology()) {
            assertThat(readsOf(stack)).as("before: each region reads from its replica").containsExactly(
                    Map.entry("api", port(stack, NEW_PRIMARY)), Map.entry("xds-a", port(stack, NEW_PRIMARY)), Map.entry("xds-b", port(stack, EU_WEST)));
            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(10);

            String id = stack.startOperation("""
                    {"kind": "postgres-failover", "target": "%s", "options": {"mode": "planned", "drain_seconds": 1}}"""
                    .formatted(CLUSTER)).get("id").asText();
            JsonNode done = stack.awaitOperation(id, "the planned failover, promote omitted", OPERATION_TIMEOUT, FailoverStack::completed);
            Wait.until("writes acknowledged again after the failover", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
            writer.close();

            assertThat(done.at("/result/new_primary").asText()).as(done.toString()).isEqualTo(NEW_PRIMARY);
            assertThat(done.at("/result/preflight/choice").asText()).startsWith("chose us-east-2 (synchronous, us-east, ");
            assertThat(streamingFrom(stack.newPrimary())).as("both asynchronous replicas stream from the new primary")
                    .containsOnlyKeys(EU_WEST, AP_EAST);
            for (String replica : List.of(EU_WEST, AP_EAST)) {
                assertThat(stack.postgres.member(replica).queryLong("SELECT received_tli FROM pg_stat_wal_receiver"))
                        .as("%s follows the new timeline", replica).isEqualTo(2);
            }
            assertThat(done.at("/result/members_left_behind").findValuesAsText("member")).containsExactly(OLD_PRIMARY);
            // us-east has no replica left (us-east-1 is the fenced old primary), so A reads from the new primary; B from eu-west-1.
            assertThat(readsOf(stack)).containsExactly(Map.entry("api", port(stack, NEW_PRIMARY)), Map.entry("xds-a", port(stack, NEW_PRIMARY)),
                    Map.entry("xds-b", port(stack, EU_WEST)));
            assertThat(writer.acknowledged()).isNotEmpty();
            assertThat(stack.api().get("/api/v1/clusters?team=platform").json().findValuesAsText("name"))
                    .as("every acknowledged write survives").containsAll(writer.acknowledged());
            Wait.until("every acknowledged write on eu-west-1 too", Duration.ofSeconds(30), () ->
                    stack.postgres.member(EU_WEST).queryLong("SELECT count(*) FROM clusters WHERE name LIKE 'load-%'") >= writer.acknowledged().size());
            // B serves what it reads from eu-west-1, which streams from the new primary: a change through the API reaches both Envoys.
            stack.switchBackendTo(stack.green);
        }
    }

    /** Process -> the port of the database it reads from, as its status hook says. */
    static Map<String, Integer> readsOf(FailoverStack stack) {
        List<JsonNode> statuses = stack.controlPlaneStatuses();
        Map<String, Integer> reads = new TreeMap<>();
        String[] names = {"api", "xds-a", "xds-b"};
        for (int i = 0; i < names.length; i++) {
            JsonNode status = statuses.get(i);
            String read = status.path("read_database").isMissingNode() || status.path("read_database").isNull()
                    ? status.get("database").asText() : status.get("read_database").asText();
            reads.put(names[i], Integer.parseInt(read.substring(read.indexOf(':') + 1, read.indexOf('/'))));
        }
        return reads;
    }

    static int port(FailoverStack stack, String member) {
        return stack.postgres.member(member).port();
    }

    /** application_name -> state of the replicas streaming from this primary. */
    static Map<String, String> streamingFrom(PostgresMember primary) throws Exception {
        Map<String, String> replicas = new TreeMap<>();
        try (var c = primary.connect(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication WHERE state = 'streaming'")) {
            while (rs.next()) {
                replicas.put(rs.getString(1), rs.getString(2));
            }
        }
        return replicas;
    }

    static Http.Reply approve(FailoverStack stack, String id, String body) {
        return stack.api().post("/api/v1/failovers/" + id + "/approve", body);
    }
}
