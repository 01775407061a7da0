package io.flowplane.workflows.operation;

import io.flowplane.workflows.activity.AuroraGlobalActivities;
import io.flowplane.workflows.activity.ClusterTopologyActivities;
import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.DnsActivities;
import io.flowplane.workflows.activity.PostgresActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Timeouts and retries of every failover activity, in one place; docs/failover.md explains each choice.
 * Activities raise non-retryable failures themselves where retrying cannot help.
 */
public final class ActivityStubs {
    private ActivityStubs() {}

    public static ClusterTopologyActivities topology() {
        return topology(null);
    }

    /** @param summary what the Web UI shows on each call (null: nothing); see {@link StepCalls} */
    public static ClusterTopologyActivities topology(String summary) {
        return stub(ClusterTopologyActivities.class, summary, options(Duration.ofSeconds(10), null, retry(1, 5, 3)), Map.of());
    }

    public static PostgresActivities postgres() {
        return postgres(null);
    }

    public static PostgresActivities postgres(String summary) {
        ActivityOptions quick = options(Duration.ofSeconds(30), null, retry(1, 10, 3));
        return stub(PostgresActivities.class, summary, quick, Map.of(
                "PostgresFence", options(Duration.ofSeconds(30), null, retry(1, 10, 5)),
                // A compensation: keep trying, a fenced primary with no promoted replica is an outage.
                "PostgresUnfence", options(Duration.ofSeconds(30), null, retry(1, 30, 20)),
                "PostgresFinalWalLsn", options(Duration.ofSeconds(15), null, retry(1, 10, 5)),
                // The activity owns its deadline (timeoutSeconds); retries only cover a lost worker.
                "PostgresAwaitReplay", options(Duration.ofMinutes(10), Duration.ofSeconds(15), retry(1, 10, 3)),
                // pg_promote waits up to 60 s; retrying is safe because promote checks recovery first.
                "PostgresPromote", options(Duration.ofSeconds(90), null, retry(5, 30, 3)),
                "PostgresVerifyPrimary", options(Duration.ofSeconds(15), null, retry(2, 10, 10)),
                // The activity owns its deadline (timeoutSeconds) and reports who did not come; retries only cover a lost worker.
                "PostgresAwaitStreaming", options(Duration.ofMinutes(2), Duration.ofSeconds(15), retry(1, 10, 3))));
    }

    public static AuroraGlobalActivities aurora() {
        return aurora(null);
    }

    public static AuroraGlobalActivities aurora(String summary) {
        // Each RDS call has its own 30 s deadline in the client; a describe makes one call per region.
        ActivityOptions quick = options(Duration.ofMinutes(2), null, retry(2, 30, 5));
        return stub(AuroraGlobalActivities.class, summary, quick, Map.of(
                // Idempotent: a retry first looks whether RDS was already asked.
                "AuroraSwitchover", options(Duration.ofMinutes(2), null, retry(5, 60, 4)),
                "AuroraFailoverAllowingDataLoss", options(Duration.ofMinutes(2), null, retry(5, 60, 4)),
                // The activity owns its deadline (the request's writer timeout); retries only cover a lost worker.
                "AuroraAwaitWriter", options(Duration.ofHours(2), Duration.ofSeconds(20), retry(2, 30, 5))));
    }

    public static DnsActivities dns(String summary) {
        // Route 53 answers PriorRequestNotComplete while a change to the same record is under way: worth waiting for.
        ActivityOptions quick = options(Duration.ofMinutes(1), null, retry(2, 30, 5));
        return stub(DnsActivities.class, summary, quick, Map.of(
                "DnsAwaitInSync", options(Duration.ofMinutes(15), Duration.ofSeconds(20), retry(2, 30, 3))));
    }

    public static ControlPlaneActivities controlPlanes() {
        return controlPlanes(null);
    }

    public static ControlPlaneActivities controlPlanes(String summary) {
        ActivityOptions quick = options(Duration.ofSeconds(15), null, retry(1, 10, 3));
        return stub(ControlPlaneActivities.class, summary, quick, Map.of(
                // 503 means the new database is not reachable yet: worth a few tries.
                "ControlPlaneSwitchDatabase", options(Duration.ofSeconds(60), null, retry(2, 20, 5)),
                "ControlPlaneRestart", options(Duration.ofSeconds(30), null, retry(1, 10, 5)),
                "ControlPlaneAwaitHealthy", options(Duration.ofMinutes(15), Duration.ofSeconds(20), retry(1, 10, 3)),
                "ControlPlaneAwaitConnected", options(Duration.ofMinutes(15), Duration.ofSeconds(20), retry(1, 10, 3))));
    }

    /** A stub whose every call, whatever its method's options, carries {@code summary}. */
    private static <T> T stub(Class<T> type, String summary, ActivityOptions defaults, Map<String, ActivityOptions> perMethod) {
        Map<String, ActivityOptions> summarized = new HashMap<>();
        perMethod.forEach((method, options) -> summarized.put(method, withSummary(options, summary)));
        return Workflow.newActivityStub(type, withSummary(defaults, summary), summarized);
    }

    private static ActivityOptions withSummary(ActivityOptions options, String summary) {
        return summary == null ? options : ActivityOptions.newBuilder(options).setSummary(summary).build();
    }

    private static ActivityOptions options(Duration startToClose, Duration heartbeat, RetryOptions retry) {
        ActivityOptions.Builder builder = ActivityOptions.newBuilder().setStartToCloseTimeout(startToClose).setRetryOptions(retry);
        if (heartbeat != null) {
            builder.setHeartbeatTimeout(heartbeat);
        }
        return builder.build();
    }

    private static RetryOptions retry(int initialSeconds, int maximumSeconds, int maximumAttempts) {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(initialSeconds))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(maximumSeconds))
                .setMaximumAttempts(maximumAttempts)
                .build();
    }
}
