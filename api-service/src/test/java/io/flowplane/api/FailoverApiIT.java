package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.Wait;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The failover endpoints against the real Temporal dev server. No worker serves this API's task
 * queue here, so a started operation stays running: that is what the one-per-cluster rule needs.
 * The workflows themselves run end to end in the system tests.
 */
class FailoverApiIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    private static final String CLUSTER = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String OPERATION = "database-operation-" + CLUSTER;

    @AfterAll
    static void terminateWhatWeStarted() {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(TestStack.temporalAddress()).build());
        try {
            WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().build())
                    .newUntypedWorkflowStub(OPERATION).terminate("FailoverApiIT finished");
        } catch (RuntimeException alreadyGone) {
            // nothing running under that id
        } finally {
            service.shutdown();
        }
    }

    @Test
    void badBodiesAreRefusedNamingTheField() {
        Api admin = API.admin();
        assertRefused(admin.post("/api/v1/failovers", "{\"target\": \"c\"}"), "kind");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"promote-everything\", \"target\": \"c\"}"), "kind");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"postgres-failover\"}"), "target");
        // promote may be omitted (preflight chooses), but a preferred region only goes with that
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"postgres-failover\", \"target\": \"c\","
                + " \"options\": {\"promote\": \"r\", \"prefer_region\": \"eu-west\"}}"), "options.prefer_region");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"postgres-failover\", \"target\": \"c\","
                + " \"options\": {\"prefer_region\": \"EU West\"}}"), "options.prefer_region");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"postgres-failover\", \"target\": \"c\","
                + " \"options\": {\"max_lag_bytes\": 1024}}"), "options.max_lag_bytes");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"postgres-failover\", \"target\": \"c\","
                + " \"options\": {\"mode\": \"unplanned\", \"max_lag_bytes\": 0}}"), "options.max_lag_bytes");
        assertRefused(admin.post("/api/v1/failovers",
                "{\"kind\": \"postgres-failover\", \"target\": \"c\", \"options\": {\"promote\": \"r\", \"mode\": \"yolo\"}}"), "options.mode");
        assertRefused(admin.post("/api/v1/failovers",
                "{\"kind\": \"postgres-failover\", \"target\": \"c\", \"options\": {\"promote\": \"r\", \"force\": true}}"), "options.force");
        assertRefused(admin.post("/api/v1/failovers",
                "{\"kind\": \"rolling-restart\", \"target\": \"c\", \"options\": {\"drain_seconds\": -1}}"), "options.drain_seconds");
        assertRefused(admin.post("/api/v1/failovers",
                "{\"kind\": \"database-url-rotation\", \"target\": \"c\", \"options\": {\"to\": \"x\", \"control_planes\": [\"ftp://x\"]}}"),
                "options.control_planes[0]");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"rolling-restart\", \"target\": \"no spaces\"}"), "target");
        assertRefused(admin.get("/api/v1/failovers?status=sideways"), "status");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"aurora-switchover\", \"target\": \"c\"}"), "options.promote");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"aurora-switchover\", \"target\": \"c\","
                + " \"options\": {\"promote\": \"eu\", \"approval_timeout_seconds\": 60}}"), "options.approval_timeout_seconds");
        assertRefused(admin.post("/api/v1/failovers", "{\"kind\": \"aurora-failover\", \"target\": \"c\","
                + " \"options\": {\"promote\": \"eu\", \"writer_timeout_seconds\": 100000}}"), "options.writer_timeout_seconds");
        assertRefused(admin.get("/api/v1/failovers?kind=aurora"), "kind");
    }

    @Test
    void oneOperationPerClusterAtATimeAndItsProgressIsVisible() {
        Api admin = API.admin();
        Reply started = admin.post("/api/v1/failovers", """
                {"kind": "postgres-failover", "target": "%s", "options": {"promote": "us-east-2", "mode": "unplanned"}}"""
                .formatted(CLUSTER));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.text("id")).isEqualTo(OPERATION);
        assertThat(started.text("status")).isEqualTo("RUNNING");

        Reply second = admin.post("/api/v1/failovers", """
                {"kind": "rolling-restart", "target": "%s"}""".formatted(CLUSTER));
        assertThat(second.status()).as(second.body()).isEqualTo(409);
        assertThat(second.text("message")).contains(OPERATION).contains("already running");

        Reply shown = admin.get("/api/v1/failovers/" + OPERATION);
        assertThat(shown.status()).as(shown.body()).isEqualTo(200);
        assertThat(shown.text("kind")).isEqualTo("postgres-failover");
        assertThat(shown.text("target")).isEqualTo(CLUSTER);
        assertThat(shown.text("status")).isEqualTo("RUNNING");
        assertThat(shown.text("steps_unavailable")).contains("no worker");

        JsonNode audit = Wait.until("the start's audit entry (written in the background)", Duration.ofSeconds(10), () -> {
            JsonNode entries = admin.get("/api/v1/audit?resource_type=operation&resource_id=" + OPERATION).json();
            return entries.isEmpty() ? null : entries;
        });
        assertThat(audit.findValuesAsText("action")).containsExactly("start");
        assertThat(audit.get(0).get("token_id").asText()).isNotBlank();
        assertThat(audit.get(0).get("detail").get("target").asText()).isEqualTo(CLUSTER);

        assertRefused(admin.post("/api/v1/failovers/" + OPERATION + "/approve", "{\"approved_by\": \"x\"}"), "approved_by");
        assertRefused(admin.post("/api/v1/failovers/" + OPERATION + "/approve", "{\"comment\": \" \"}"), "comment");
        assertRefused(admin.post("/api/v1/failovers/" + OPERATION + "/approve", "{\"override_max_lag\": \"yes\"}"), "override_max_lag");
        assertRefused(admin.post("/api/v1/failovers/" + OPERATION + "/abort", "{}"), "reason");
        // No worker runs here: nobody can say whether the run takes it, and the API says so rather than 202.
        Reply approved = admin.post("/api/v1/failovers/" + OPERATION + "/approve", "{\"approver\": \"alice\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(503);
        assertThat(approved.text("message")).contains("an approval for " + OPERATION + " is not confirmed: no worker answered");

        Wait.until("Temporal visibility to list " + OPERATION + " as running", Duration.ofSeconds(20), () -> {
            Reply list = admin.get("/api/v1/failovers?target=" + CLUSTER + "&status=running");
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            return list.json().findValuesAsText("id").contains(OPERATION);
        });
    }

    @Test
    void unknownOperationsAreNotFoundAndOnlyAdminsMayAsk() {
        assertThat(API.admin().get("/api/v1/failovers/database-operation-nothing-here").status()).isEqualTo(404);
        assertThat(API.admin().post("/api/v1/failovers/database-operation-nothing-here/abort", "{\"reason\": \"x\"}").status())
                .isEqualTo(404);
        API.admin().post("/api/v1/teams", "{\"name\": \"platform\"}");
        Api reader = API.withScopes("team:platform:read");
        assertThat(reader.get("/api/v1/failovers").status()).isEqualTo(403);
        assertThat(API.anonymous().get("/api/v1/failovers").status()).isEqualTo(401);
    }

    private static void assertRefused(Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.text("field")).as(reply.body()).isEqualTo(field);
        assertThat(reply.text("message")).as(reply.body()).startsWith(field);
    }
}
