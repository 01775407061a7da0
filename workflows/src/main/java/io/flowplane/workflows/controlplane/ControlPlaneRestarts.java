package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.HealthExpectation;
import io.flowplane.workflows.operation.Failures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.util.function.Function;

/** Restarting one control-plane process and waiting until it is back; workflow code, shared by the runbooks. */
public final class ControlPlaneRestarts {
    private final Function<String, ControlPlaneActivities> stubFor;

    /** @param stubFor the stub to call a control plane with, given its base URL (for the call's summary) */
    public ControlPlaneRestarts(Function<String, ControlPlaneActivities> stubFor) {
        this.stubFor = stubFor;
    }

    /**
     * Restarts {@code baseUrl} and waits until it reports a higher generation, healthy, on {@code database}
     * (null: the database it had), writable if it was or {@code requireWritable}, and for xds-service with
     * every dataplane in sync. Throws a non-retryable {@code ControlPlaneNotBack} failure otherwise.
     */
    public ControlPlaneStatus restartAndAwait(String baseUrl, int drainSeconds, String database, boolean requireWritable) {
        ControlPlaneActivities controlPlanes = stubFor.apply(baseUrl);
        try {
            ControlPlaneStatus before = controlPlanes.status(baseUrl);
            if (!before.reachable()) {
                throw ApplicationFailure.newNonRetryableFailure("unreachable before restart: " + before.error(), "ControlPlaneUnreachable");
            }
            controlPlanes.restart(baseUrl, before.generation(), drainSeconds);
            return controlPlanes.awaitHealthy(baseUrl, new HealthExpectation(
                    database == null ? before.database() : database,
                    before.generation(),
                    requireWritable || !before.readOnly(),
                    true,
                    HealthExpectation.DEFAULT_TIMEOUT_SECONDS + drainSeconds));
        } catch (CanceledFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    baseUrl + " did not come back healthy: " + Failures.describe(e), "ControlPlaneNotBack");
        }
    }
}
