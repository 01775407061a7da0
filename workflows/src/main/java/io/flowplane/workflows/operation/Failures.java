package io.flowplane.workflows.operation;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** One line saying why a step failed, without Temporal's wrapping. */
public final class Failures {
    private Failures() {}

    public static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ActivityFailure && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApplicationFailure application) {
            return application.getOriginalMessage();
        }
        if (cause instanceof TimeoutFailure timeout) {
            return "timed out (" + timeout.getTimeoutType() + ")";
        }
        if (cause instanceof CanceledFailure) {
            return "cancelled";
        }
        if (cause instanceof TemporalFailure temporal) {
            return temporal.getOriginalMessage();
        }
        return String.valueOf(cause.getMessage());
    }

    /** The application failure type an activity raised ("NotPrimary", ...), or null. */
    public static String type(Throwable failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof ApplicationFailure)) {
            cause = cause.getCause();
        }
        return cause == null ? null : ((ApplicationFailure) cause).getType();
    }
}
