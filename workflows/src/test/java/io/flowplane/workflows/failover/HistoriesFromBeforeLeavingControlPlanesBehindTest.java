package io.flowplane.workflows.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
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

    /** The API reads finished runs' results with Temporal's converter; old ones have no leftBehind. */
    @Test
    void aResultWrittenBeforeLeavingControlPlanesBehindDecodesWithNoneLeftBehind() throws Exception {
        HistoryEvent completed = history("unplanned-approved-before-leaving-behind.json").getLastEvent();
        FailoverResult result = DefaultDataConverter.newDefaultInstance().fromPayloads(0,
                Optional.of(completed.getWorkflowExecutionCompletedEventAttributes().getResult()),
                FailoverResult.class, FailoverResult.class);

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.leftBehind()).isEmpty();
        assertThat(result.preflight().leftBehind()).isEmpty();
    }

    private static WorkflowExecutionHistory history(String name) throws IOException {
        try (InputStream in = HistoriesFromBeforeLeavingControlPlanesBehindTest.class.getResourceAsStream(name)) {
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
