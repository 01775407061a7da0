package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;
import static io.flowplane.systemtests.FailoverStack.OLD_PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A DATABASE_URL rotation that fails on its third control plane puts the two it switched back, on
 * real processes. The worker reaches control planes A and B through Toxiproxy links: latency on A's
 * keeps the run in A's switch step while B's link is cut, so B's switch fails (unreachable, after its
 * retries); B's link is restored while the run switches B back, so the rollback completes.
 */
class RotationRollbackIT {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void aRotationThatCannotSwitchTheLastControlPlaneSwitchesTheOthersBack() throws Exception {
        try (FailoverStack stack = FailoverStack.startWithHooksThroughToxiproxy()) {
            String oldDatabase = ":" + stack.oldPrimary().port() + "/";
            stack.xdsAHook.latency(Duration.ofSeconds(2), Duration.ZERO);
            String rotation = stack.startOperation("""
                    {"kind": "database-url-rotation", "target": "%s", "options": {"to": "%s", "rollback_to": "%s"}}"""
                    .formatted(CLUSTER, NEW_PRIMARY, OLD_PRIMARY)).get("id").asText();
            stack.awaitOperation(rotation, "control plane A's switch", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "switch " + stack.controlPlaneAUrl(), "RUNNING"));
            stack.xdsBHook.cut();

            stack.awaitOperation(rotation, "control plane B's switch to fail", OPERATION_TIMEOUT,
                    op -> FailoverStack.stepIn(op, "switch " + stack.controlPlaneBUrl(), "FAILED"));
            stack.xdsBHook.restore();
            stack.xdsAHook.clearLatency();
            JsonNode failed = stack.awaitEnd(rotation, "the rollback", OPERATION_TIMEOUT);

            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("failure").asText()).contains("rotation to '" + NEW_PRIMARY + "' failed")
                    .contains("every switched control plane is back on its previous URL");
            for (String controlPlane : java.util.List.of("http://127.0.0.1:" + stack.apiAdminPort, stack.controlPlaneAUrl(),
                    stack.controlPlaneBUrl())) {
                assertThat(FailoverStack.stepIn(failed, "switch back " + controlPlane, "DONE")).as(controlPlane + ": " + failed)
                        .isTrue();
            }
            assertThat(FailoverStack.stepIn(failed, "switch http://127.0.0.1:" + stack.apiAdminPort, "DONE")).isTrue();
            assertThat(FailoverStack.stepIn(failed, "switch " + stack.controlPlaneAUrl(), "DONE")).isTrue();
            assertThat(stack.controlPlaneStatuses()).as("every control plane on the old primary again")
                    .allSatisfy(status -> assertThat(status.get("database").asText()).contains(oldDatabase));
            stack.switchBackendTo(stack.green);
        }
    }
}
