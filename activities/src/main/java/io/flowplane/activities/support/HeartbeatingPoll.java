package io.flowplane.activities.support;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The loop of a waiting activity: heartbeat every turn, and give up at a deadline that survives retries
 * (it travels in the heartbeat details), so a worker restart does not grant a fresh timeout.
 */
public final class HeartbeatingPoll {
    /** What each heartbeat carries; {@code lastSeen} shows in the Web UI's pending activity. */
    public record Beat(long deadlineMillis, String lastSeen) {}

    private final ActivityExecutionContext context;
    private final long deadlineMillis;

    private HeartbeatingPoll(ActivityExecutionContext context, long deadlineMillis) {
        this.context = context;
        this.deadlineMillis = deadlineMillis;
    }

    public static HeartbeatingPoll start(int timeoutSeconds) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        long deadline = context.getHeartbeatDetails(Beat.class)
                .map(Beat::deadlineMillis)
                .orElse(System.currentTimeMillis() + timeoutSeconds * 1000L);
        return new HeartbeatingPoll(context, deadline);
    }

    /** Throws if the activity was cancelled or its heartbeat timed out. */
    public void beat(String lastSeen) {
        context.heartbeat(new Beat(deadlineMillis, lastSeen));
    }

    public boolean expired() {
        return System.currentTimeMillis() >= deadlineMillis;
    }

    public void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while waiting", "Interrupted");
        }
    }
}
