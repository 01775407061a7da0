package io.flowplane.workflows.histories;

import io.flowplane.workflows.check.DatabaseCheckWorkflowImpl;
import io.flowplane.workflows.controlplane.DatabaseUrlRotationWorkflowImpl;
import io.flowplane.workflows.controlplane.RollingRestartWorkflowImpl;
import io.flowplane.workflows.failover.PostgresFailoverWorkflowImpl;
import java.util.List;

/** Where recorded histories live, and the workflow implementations they must replay on. */
final class RecordedHistories {
    static final String FOLDER = "io/flowplane/workflows/histories/";
    /** Every file in the folder, so a history that stops being replayed is a visible change. */
    static final List<String> FILES = List.of(
            "planned-failover.json",
            "planned-failover-dry-run.json",
            "unplanned-failover-approved.json",
            "database-url-rotation.json",
            "database-url-rotation-rolled-back.json",
            "rolling-restart.json");
    static final Class<?>[] IMPLEMENTATIONS = {
        PostgresFailoverWorkflowImpl.class, DatabaseUrlRotationWorkflowImpl.class, RollingRestartWorkflowImpl.class,
        DatabaseCheckWorkflowImpl.class
    };

    private RecordedHistories() {}

    /** The implementations after the first: Temporal's replayer takes one, then the rest. */
    static Class<?>[] others() {
        return java.util.Arrays.copyOfRange(IMPLEMENTATIONS, 1, IMPLEMENTATIONS.length);
    }
}
