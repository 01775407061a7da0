package io.flowplane.workflows.failover;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Histories recorded by the workflow as it was before unplanned failovers could leave lost control planes
 * behind (the fake cluster, control planes http://api and http://xds). They must replay unchanged on later code.
 */
class HistoriesFromBeforeLeavingControlPlanesBehindTest {

    /** Back then, a control plane that did not answer failed preflight; replaying must fail it the same way. */
    @Test
    void anUnplannedRunThatFailedPreflightOnALostControlPlaneReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history("unplanned-lost-control-plane-before-leaving-behind.json"),
                PostgresFailoverWorkflowImpl.class);
    }

    @Test
    void anApprovedUnplannedRunReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history("unplanned-approved-before-leaving-behind.json"),
                PostgresFailoverWorkflowImpl.class);
    }

    private static WorkflowExecutionHistory history(String name) throws IOException {
        try (InputStream in = HistoriesFromBeforeLeavingControlPlanesBehindTest.class.getResourceAsStream(name)) {
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
