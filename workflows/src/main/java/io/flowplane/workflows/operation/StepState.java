package io.flowplane.workflows.operation;

public enum StepState {
    PENDING,
    RUNNING,
    DONE,
    FAILED,
    SKIPPED,
    WAITING_FOR_APPROVAL
}
