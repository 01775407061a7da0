package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.AP_EAST;
import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.EU_WEST;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;
import static io.flowplane.systemtests.FailoverStack.OLD_PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL failover on the guide's four members, all real: primary us-east-1, synchronous replica us-east-2,
 * asynchronous replicas eu-west-1 and ap-east-1; control plane A (api-service, xds-service) in us-east reading from
 * us-east-2, control plane B (xds-service) in eu-west reading from eu-west-1; an Envoy on each; writes through the API.
 */
class GuideTopologyFailoverIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    /**
     * The day of a planned failover: a rolling restart, a credential rotation, a dry run, then the failover itself with
     * writes through the API, traffic through both Envoys and two spoofing Envoys refused throughout.
     */
    @Test
    void aPlannedFailoverChoosesTheSynchronousReplicaBringsTheOthersAlongAndEveryRegionReadsFromItsOwnMember() throws Exception {
        try (FailoverStack stack = FailoverStack.startGuideTopology()) {
            Map<String, Integer> regionalReads = Map.of("api", port(stack, NEW_PRIMARY), "xds-a", port(stack, NEW_PRIMARY),
                    "xds-b", port(stack, EU_WEST));
            assertThat(readsOf(stack)).as("before: each region reads from its replica").isEqualTo(regionalReads);
            // A rolling restart and a credential rotation of the write URL keep every region reading from its replica.
            String restart = stack.startOperation("""
                    {"kind": "rolling-restart", "target": "%s", "options": {"drain_seconds": 1}}""".formatted(CLUSTER)).get("id").asText();
            stack.awaitOperation(restart, "rolling restart", OPERATION_TIMEOUT, FailoverStack::completed);
            assertThat(stack.controlPlaneStatuses()).allSatisfy(status -> assertThat(status.get("generation").asLong()).isGreaterThan(1));
            assertThat(readsOf(stack)).as("after the rolling restart").isEqualTo(regionalReads);
            String rotation = stack.startOperation("""
                    {"kind": "database-url-rotation", "target": "%s", "options": {"to": "%s-rotated", "rollback_to": "%s"}}"""
                    .formatted(CLUSTER, OLD_PRIMARY, OLD_PRIMARY)).get("id").asText();
            stack.awaitOperation(rotation, "credential rotation", OPERATION_TIMEOUT, FailoverStack::completed);
            assertThat(readsOf(stack)).as("after the rotation").isEqualTo(regionalReads);
            Wait.until("the API's write pool on the primary logged in only as " + FailoverStack.ROTATED_USER, Duration.ofSeconds(60), () -> {
                Set<String> logins = apiWriteLogins(stack);
                if (logins.isEmpty() || !logins.stream().allMatch(login -> login.endsWith(" as " + FailoverStack.ROTATED_USER))) {
                    throw new IllegalStateException("api-service sessions on the primary: " + logins);
                }
                return true;
            });
            stack.switchBackendTo(stack.green);
            stack.switchBackendTo(stack.blue);

            Http.Reply dryRun = stack.api().post("/api/v1/failovers", """
                    {"kind": "postgres-failover", "target": "%s", "options": {"dry_run": true}}""".formatted(CLUSTER));
            assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
            assertThat(dryRun.json().at("/result/outcome").asText()).isEqualTo("DRY_RUN");
            assertThat(dryRun.json().at("/result/plan").toString()).contains("repoint-replicas", "verify-replicas-follow");
            assertThat(stack.newPrimary().isInRecovery()).as("a dry run promotes nothing").isTrue();

            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(10);
            JsonNode done;
            List<Envoy> spoofs = stack.startSpoofingEnvoys();
            try (Envoy noCredential = spoofs.get(0); Envoy wrongCredential = spoofs.get(1);
                    Traffic usEast = stack.trafficThrough(FailoverStack.US_EAST_ENVOY, "blue");
                    Traffic euWest = stack.trafficThrough(FailoverStack.EU_WEST_ENVOY, "blue")) {
                usEast.awaitSucceeded(20);
                euWest.awaitSucceeded(20);
                String id = stack.startOperation("""
                        {"kind": "postgres-failover", "target": "%s", "options": {"mode": "planned", "drain_seconds": 1}}"""
                        .formatted(CLUSTER)).get("id").asText();
                done = stack.awaitOperation(id, "the planned failover, promote omitted", OPERATION_TIMEOUT, FailoverStack::completed);
                Wait.until("writes acknowledged again after the failover", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
                writer.close();
                // Envoy keeps serving from the configuration it has while its control plane moves and restarts.
                assertThat(usEast.failed()).as(usEast.toString()).isZero();
                assertThat(euWest.failed()).as(euWest.toString()).isZero();
                // Streams that prove nothing were refused throughout and held up no restart or verify step.
                assertThat(noCredential.activeListeners()).isEmpty();
                assertThat(wrongCredential.activeListeners()).isEmpty();
            }

            JsonNode result = done.get("result");
            assertThat(result.get("new_primary").asText()).as(done.toString()).isEqualTo(NEW_PRIMARY);
            assertThat(result.at("/preflight/choice").asText()).startsWith("chose us-east-2 (synchronous, us-east, ");
            assertThat(result.at("/after/counts")).isEqualTo(result.at("/before/counts"));
            assertThat(streamingFrom(stack.newPrimary())).as("both asynchronous replicas stream from the new primary")
                    .containsOnlyKeys(EU_WEST, AP_EAST);
            for (String replica : List.of(EU_WEST, AP_EAST)) {
                assertThat(stack.postgres.member(replica).queryLong("SELECT received_tli FROM pg_stat_wal_receiver"))
                        .as("%s follows the new timeline", replica).isEqualTo(2);
            }
            assertThat(result.at("/members_left_behind").findValuesAsText("member")).containsExactly(OLD_PRIMARY);
            assertThatThrownBy(() -> stack.oldPrimary().execute("CREATE TABLE fencing_probe (id int)")).as("the old primary is fenced")
                    .hasMessageContaining("read-only");
            // us-east has no replica left (us-east-1 is the fenced old primary), so A reads from the new primary; B from eu-west-1.
            assertThat(readsOf(stack)).isEqualTo(Map.of("api", port(stack, NEW_PRIMARY), "xds-a", port(stack, NEW_PRIMARY),
                    "xds-b", port(stack, EU_WEST)));
            // Writes are refused (503 read_only, or the API restarting) in one window between fence and switch, never lost.
            assertThat(writer.refusals()).as("refused writes").allSatisfy(refusal ->
                    assertThat(refusal.what()).as(refusal.toString()).doesNotStartWith("4").doesNotStartWith("500"));
            assertThat(writer.acknowledged()).isNotEmpty();
            assertThat(stack.api().get("/api/v1/clusters?team=platform").json().findValuesAsText("name"))
                    .as("every acknowledged write survives").containsAll(writer.acknowledged());
            Wait.until("every acknowledged write on eu-west-1 too", Duration.ofSeconds(30), () ->
                    stack.postgres.member(EU_WEST).queryLong("SELECT count(*) FROM clusters WHERE name LIKE 'load-%'") >= writer.acknowledged().size());
            // B serves what it reads from eu-west-1, which streams from the new primary: a change through the API reaches both Envoys.
            stack.switchBackendTo(stack.green);

            // Restarted after the failover, B comes back on what it was switched to, kept in FLOWPLANE_STATE_DIR.
            stack.killControlPlaneB();
            stack.startControlPlaneB();
            assertThat(readsOf(stack)).containsEntry("xds-b", port(stack, EU_WEST));
            stack.switchBackendTo(stack.blue);
        }
    }

    /** The api-service's write-pool sessions on the primary, as "application (pid) as user". */
    private static Set<String> apiWriteLogins(FailoverStack stack) {
        Set<String> logins = new TreeSet<>();
        try (var c = stack.oldPrimary().connect(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT application_name, pid, usename FROM pg_stat_activity WHERE datname = 'flowplane'"
                        + " AND application_name = 'flowplane-api-primary'")) {
            while (rs.next()) {
                logins.add(rs.getString(1) + " (" + rs.getInt(2) + ") as " + rs.getString(3));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return logins;
    }

    /**
     * The primary's server, ap-east-1 and control plane B's process are lost. The failover waits for a named approval,
     * chooses the synchronous replica by itself, loses no acknowledged write, leaves the lost member and control plane
     * behind; B, back, reads from eu-west-1, which follows the new primary.
     */
    @Test
    void anUnplannedFailoverChoosesTheSynchronousReplicaByItselfLosesNoAcknowledgedWriteAndLeavesTheLostBehind() throws Exception {
        try (FailoverStack stack = FailoverStack.startGuideTopology()) {
            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(20);
            stack.postgres.member(AP_EAST).stopImmediately();
            stack.oldPrimary().stopImmediately();
            stack.killControlPlaneB();
            Wait.until("writes refused once the primary is gone", Duration.ofSeconds(30), () -> !writer.refusals().isEmpty());
            List<String> acknowledgedBeforeTheLoss = writer.acknowledged();

            String id = stack.startOperation("""
                    {"kind": "postgres-failover", "target": "%s", "options": {"mode": "unplanned", "drain_seconds": 1}}"""
                    .formatted(CLUSTER)).get("id").asText();
            JsonNode waiting = stack.awaitOperation(id, "the approval wait", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "await-data-loss-approval", "WAITING_FOR_APPROVAL"));
            assertThat(stepDetail(waiting, "preflight")).contains("chose us-east-2 (synchronous, us-east, the most WAL)")
                    .contains("ap-east-1 (unreachable");
            assertThat(stepDetail(waiting, "await-data-loss-approval")).as("the approver sees what is lost and who is left behind")
                    .contains("us-east-2 is a synchronous replica").contains("no acknowledged write is lost")
                    .contains("will not be switched").contains(stack.controlPlaneBUrl());
            // For as long as the approval is withheld (here 30 looks, 3 s or more), the replica stays a replica.
            for (int look = 0; look < 30; look++) {
                assertThat(stack.newPrimary().isInRecovery()).as("nothing promoted without approval (look %d)", look).isTrue();
                JsonNode operation = stack.api().get("/api/v1/failovers/" + id).json();
                assertThat(FailoverStack.stepIn(operation, "await-data-loss-approval", "WAITING_FOR_APPROVAL")).isTrue();
                Wait.sleep(Duration.ofMillis(100));
            }
            Http.Reply approved = approve(stack, id, "{\"comment\": \"on-call\"}");
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            String approver = approved.json().path("approver").asText();
            assertThat(approver).as("the token's name and id (the stack's client holds the admin token), the comment beside them")
                    .isEqualTo(FailoverStack.ADMIN_ACTOR + ": on-call");
            assertThat(approved.json().path("answer").asText())
                    .isEqualTo("approved by " + approver + "; the run goes on past await-data-loss-approval");
            JsonNode done = stack.awaitOperation(id, "the failover after approval", OPERATION_TIMEOUT, FailoverStack::completed);
            Wait.until("writes acknowledged again after the failover", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
            writer.close();
            // Written while the primary was lost, the entries land on the new primary once the API is switched to it.
            JsonNode audit = stack.awaitAudit(id, "approve");
            assertThat(audit.findValuesAsText("action")).containsExactlyInAnyOrder("start", "approve");
            assertThat(audit.findValuesAsText("token_name")).containsOnly("FLOWPLANE_ADMIN_TOKEN");

            JsonNode result = done.get("result");
            assertThat(result.get("new_primary").asText()).isEqualTo(NEW_PRIMARY);
            assertThat(result.get("approved_by").asText()).isEqualTo(approver);
            assertThat(result.at("/members_left_behind").findValuesAsText("member")).containsExactly(OLD_PRIMARY, AP_EAST);
            assertThat(result.at("/left_behind").findValuesAsText("base_url")).containsExactly(stack.controlPlaneBUrl());
            assertThat(result.get("detail").asText()).contains("POST /control-plane/database");
            assertThat(stepDetail(done, "switch-control-planes")).contains("not switched, left behind: " + stack.controlPlaneBUrl());
            assertThat(streamingFrom(stack.newPrimary())).containsOnlyKeys(EU_WEST);
            assertThat(stack.api().get("/api/v1/clusters?team=platform").json().findValuesAsText("name"))
                    .as("every write acknowledged before the primary was lost is on the synchronous replica it chose")
                    .containsAll(acknowledgedBeforeTheLoss).containsAll(writer.acknowledged());
            stack.switchBackendTo(stack.green, List.of(FailoverStack.US_EAST_ENVOY));
            // B's Envoy keeps the configuration it had before the outage.
            stack.awaitTrafficFrom("blue", List.of(FailoverStack.EU_WEST_ENVOY));

            // Back, B reads from eu-west-1 (kept in its FLOWPLANE_STATE_DIR), which follows the new primary: it serves the
            // change made while it was gone with no switch; a rotation of its write URL to the new primary keeps its reads.
            stack.startControlPlaneB();
            stack.awaitTrafficFrom("green");
            String rotation = stack.startOperation("""
                    {"kind": "database-url-rotation", "target": "%s", "options": {"to": "%s", "control_planes": ["%s"]}}"""
                    .formatted(CLUSTER, NEW_PRIMARY, stack.controlPlaneBUrl())).get("id").asText();
            stack.awaitOperation(rotation, "the rotation of the control plane left behind", OPERATION_TIMEOUT, FailoverStack::completed);
            assertThat(readsOf(stack)).isEqualTo(Map.of("api", port(stack, NEW_PRIMARY), "xds-a", port(stack, NEW_PRIMARY),
                    "xds-b", port(stack, EU_WEST)));
            stack.switchBackendTo(stack.blue);
        }
    }

    @Test
    void anAsynchronousReplicaThatIsBehindIsRefusedByTheLagRuleThenPromotedWithAnOverrideAndTheOthersAreLeftBehind() throws Exception {
        try (FailoverStack stack = FailoverStack.startGuideTopology()) {
            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(10);
            // eu-west-1 is cut off from the primary (Toxiproxy) while writes go on: it falls behind the others.
            stack.postgres.cutOff(EU_WEST);
            int acknowledgedAtTheCut = writer.acknowledged().size();
            writer.awaitAcknowledged(acknowledgedAtTheCut + 50);
            stack.oldPrimary().stopImmediately();

            String id = stack.startOperation("""
                    {"kind": "postgres-failover", "target": "%s",
                     "options": {"mode": "unplanned", "promote": "%s", "max_lag_bytes": 1024, "drain_seconds": 1}}"""
                    .formatted(CLUSTER, EU_WEST)).get("id").asText();
            JsonNode waiting = stack.awaitOperation(id, "the approval wait", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "await-data-loss-approval", "WAITING_FOR_APPROVAL"));
            assertThat(stepDetail(waiting, "await-data-loss-approval")).contains("eu-west-1 is an asynchronous replica")
                    .contains("B behind");
            Http.Reply plain = approve(stack, id, "{\"comment\": \"INC-8\"}");
            assertThat(plain.status()).as(plain.body()).isEqualTo(409);
            assertThat(plain.json().path("message").asText()).contains("over max_lag_bytes 1024").contains("override_max_lag");
            assertThat(stack.postgres.member(EU_WEST).isInRecovery()).as("nothing promoted on a refused approval").isTrue();

            Http.Reply overriding = approve(stack, id, "{\"comment\": \"INC-8\", \"override_max_lag\": true}");
            assertThat(overriding.status()).as(overriding.body()).isEqualTo(200);
            assertThat(overriding.json().path("answer").asText()).contains("overriding: eu-west-1 is");
            JsonNode done = stack.awaitOperation(id, "the failover after the override", OPERATION_TIMEOUT, FailoverStack::completed);
            writer.close();

            assertThat(done.at("/result/new_primary").asText()).isEqualTo(EU_WEST);
            assertThat(done.at("/result/overridden").asText()).contains("over max_lag_bytes 1024");
            assertThat(done.at("/result/members_left_behind").findValuesAsText("member")).containsExactly(OLD_PRIMARY, NEW_PRIMARY, AP_EAST);
            assertThat(done.at("/result/members_left_behind/1/reason").asText()).contains("never received").contains("pg_rewind");
            // us-east has no member streaming from eu-west-1, so control plane A reads from the new primary too.
            assertThat(readsOf(stack)).containsExactly(Map.entry("api", port(stack, EU_WEST)), Map.entry("xds-a", port(stack, EU_WEST)),
                    Map.entry("xds-b", port(stack, EU_WEST)));
            stack.switchBackendTo(stack.green);
        }
    }

    private static String stepDetail(JsonNode operation, String stepName) {
        for (JsonNode step : operation.path("steps")) {
            if (step.path("name").asText().equals(stepName)) {
                return step.path("detail").asText();
            }
        }
        throw new AssertionError("no step " + stepName + " in " + operation);
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
