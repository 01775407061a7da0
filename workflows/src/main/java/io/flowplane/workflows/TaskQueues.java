package io.flowplane.workflows;

/** Where Flowplane's workers listen, unless FLOWPLANE_TEMPORAL_TASK_QUEUE says otherwise. */
public final class TaskQueues {
    public static final String DEFAULT = "flowplane-operations";
    public static final String ENVIRONMENT_VARIABLE = "FLOWPLANE_TEMPORAL_TASK_QUEUE";

    private TaskQueues() {}

    public static String fromEnvironment() {
        String value = System.getenv(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? DEFAULT : value;
    }
}
