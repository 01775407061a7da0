package io.flowplane.workflows.testing;

import io.flowplane.workflows.operation.OperationIds;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;

/** A time-skipping test environment with Flowplane's search attributes registered, as on the dev server. */
public final class TemporalTestSupport {
    public static final String QUEUE = "test-operations";

    private TemporalTestSupport() {}

    public static TestWorkflowEnvironment newEnvironment() {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .registerSearchAttribute("FlowplaneKind", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .registerSearchAttribute("FlowplaneTarget", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .build());
    }

    /** How the API layer starts a database operation: one per cluster. */
    public static WorkflowOptions operationOptions(String cluster) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(OperationIds.forCluster(cluster))
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build();
    }
}
