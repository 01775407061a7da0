package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Read-only look at the database the worker is configured with (FLOWPLANE_DATABASE_URL). */
@ActivityInterface
public interface DatabaseInspectionActivities {
    @ActivityMethod
    DatabaseStatus inspectConfiguredDatabase();
}
