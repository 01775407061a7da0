package io.flowplane.workflows.check;

import io.flowplane.workflows.activity.DatabaseInspectionActivities;
import io.flowplane.workflows.activity.DatabaseStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class DatabaseCheckWorkflowImpl implements DatabaseCheckWorkflow {
    // A database that cannot answer within 30 s is down for the purpose of this check; retry a few
    // times to ride over a restart, then report the failure instead of waiting forever.
    private final DatabaseInspectionActivities database = Workflow.newActivityStub(
            DatabaseInspectionActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setMaximumAttempts(5)
                            .build())
                    .build());

    private String step = "starting";

    @Override
    public DatabaseStatus check() {
        step = "1. inspect the configured database";
        DatabaseStatus status = database.inspectConfiguredDatabase();
        step = "done";
        return status;
    }

    @Override
    public String currentStep() {
        return step;
    }
}
