package io.flowplane.workflows.check;

import io.flowplane.workflows.activity.DatabaseStatus;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The smallest real operation: inspect the configured database and report whether it can take
 * writes and which configuration revision it holds. Failover preflights grow from here.
 */
@WorkflowInterface
public interface DatabaseCheckWorkflow {
    String KIND = "database-check";

    @WorkflowMethod
    DatabaseStatus check();

    @QueryMethod
    String currentStep();
}
