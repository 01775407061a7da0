package io.flowplane.activities.postgres;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.activities.testing.PostgresPair;
import io.flowplane.workflows.activity.PostgresActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test class: a real {@link PostgresPair} and the real PostgresActivities over it, called the way a
 * workflow calls them (one attempt). Register as a static field with {@code @RegisterExtension}.
 */
final class LivePair implements BeforeAllCallback, AfterAllCallback {
    static final String CLUSTER = "it";

    private PostgresPair pair;
    private TestActivityEnvironment environment;
    private PostgresActivities activities;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        pair = PostgresPair.start();
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
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (environment != null) {
                environment.close();
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    PostgresPair pair() {
        return pair;
    }

    PostgresActivities activities() {
        return activities;
    }
}
