package io.flowplane.workflows.operation;

/** One runbook step as the {@code progress()} query shows it. Times are workflow time, epoch milliseconds. */
public record StepProgress(int number, String name, StepState state, Long startedAtMillis, Long finishedAtMillis, String detail) {}
