package io.flowplane.activities.postgres;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.activities.testing.PostgresPair;
import io.flowplane.workflows.activity.PostgresActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;

/** The real PostgresActivities over a {@link PostgresPair}, called the way a workflow calls them (one attempt). */
final class PairActivities implements AutoCloseable {
    static final String CLUSTER = "it";

    final PostgresActivities activities;
    private final TestActivityEnvironment environment;

    PairActivities(PostgresPair pair) {
        WorkerClusters clusters = WorkerClustersFile.parse("""
                clusters:
                  it:
                    members:
                      primary: %s
                      replica: %s
                """.formatted(pair.primaryUrl(), pair.replicaUrl()), false);
        environment = TestActivityEnvironment.newInstance();
        environment.registerActivitiesImplementations(new PostgresFailoverActivities(clusters, MemberConnector.forFailover()));
        activities = environment.newActivityStub(PostgresActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    @Override
    public void close() {
        environment.close();
    }
}
