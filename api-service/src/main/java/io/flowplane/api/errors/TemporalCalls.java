package io.flowplane.api.errors;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowServiceException;
import java.util.function.Supplier;

/** Calls to Temporal from a request: an unreachable or refusing Temporal is a 503 naming the gRPC status, never a 500. */
public final class TemporalCalls {
    private TemporalCalls() {}

    public static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException | WorkflowServiceException e) {
            throw new ApiException(503, "temporal_unavailable",
                    "Temporal cannot be reached or refused the call: " + describe(e), null);
        }
    }

    private static String describe(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                Status s = status.getStatus();
                return s.getCode() + (s.getDescription() == null ? "" : " (" + s.getDescription() + ")");
            }
        }
        return e.getMessage();
    }
}
