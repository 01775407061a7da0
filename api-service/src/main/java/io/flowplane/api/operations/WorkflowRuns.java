package io.flowplane.api.operations;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;

/** How the API shows a Temporal workflow run: short status, root failure, Web UI link. */
public final class WorkflowRuns {
    private WorkflowRuns() {}

    /** RUNNING, COMPLETED, FAILED, ... */
    public static String shortStatus(WorkflowExecutionStatus status) {
        return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    }

    /** The innermost cause of a failed run, or null if the run did not fail. */
    public static String rootFailure(WorkflowStub stub) {
        try {
            stub.getResult(Object.class);
            return null;
        } catch (WorkflowFailedException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }

    public static String uiLink(String uiUrl, WorkflowClient client, String workflowId) {
        return uiUrl + "/namespaces/" + client.getOptions().getNamespace() + "/workflows/" + workflowId;
    }
}
