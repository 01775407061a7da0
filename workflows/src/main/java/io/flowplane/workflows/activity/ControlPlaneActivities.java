package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The client side of the control-plane hooks ({@code /control-plane/status|database|restart}). Base URLs must
 * be listed under some cluster's {@code control_planes} in the worker's configuration: the admin token is
 * only ever sent there (non-retryable {@code UnknownControlPlane} otherwise).
 */
@ActivityInterface(namePrefix = "ControlPlane")
public interface ControlPlaneActivities {
    /** Never fails for an unreachable process: reports {@code reachable=false} instead. */
    ControlPlaneStatus status(String baseUrl);

    /**
     * Points the process at the URL the worker's configuration names {@code urlName} in {@code cluster}.
     * Non-retryable {@code InvalidDatabaseUrl} (400), {@code UnknownUrlName}; retryable {@code DatabaseUnreachable} (503).
     */
    ControlPlaneStatus switchDatabase(String baseUrl, String cluster, String urlName);

    /** As {@link #switchDatabase}, and reads from the URL the worker names {@code readUrlName} in {@code cluster}. */
    ControlPlaneStatus switchDatabases(String baseUrl, String cluster, String urlName, String readUrlName);

    /** Asks for a drain-and-reinitialize, unless one already began after {@code generationBefore}. */
    ControlPlaneStatus restart(String baseUrl, long generationBefore, int drainSeconds);

    /** Polls, heartbeating, until the expectation holds; non-retryable {@code NotHealthy} after its timeout. */
    ControlPlaneStatus awaitHealthy(String baseUrl, HealthExpectation expectation);

    /** The node ids of the Envoys streaming from it ({@code GET /control-plane/dataplanes}); never fails for an unreachable one. */
    ConnectedNodes connectedNodes(String baseUrl);

    /**
     * Polls, heartbeating, until every one of {@code nodes} streams from it, or {@code timeoutSeconds} pass; never
     * fails for nodes that did not come: it reports them in {@code missing}.
     */
    ConnectedNodes awaitConnected(String baseUrl, List<String> nodes, int timeoutSeconds);
}
