package io.flowplane.activities.postgres;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.testkit.PostgresCluster;
import io.flowplane.workflows.activity.PostgresActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test class: a real PostgreSQL primary and streaming replica (members "primary" and "replica") and the real PostgresActivities over it, called the way a
 * workflow calls them (one attempt). Register as a static field with {@code @RegisterExtension}.
 */
final class LivePair implements BeforeAllCallback, AfterAllCallback {
    static final String CLUSTER = "it";

    private PostgresCluster cluster;
    private TestActivityEnvironment environment;
    private PostgresActivities activities;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = PostgresCluster.builder().primary("primary").asynchronousReplica("replica").withFlowplaneSchema().start();
        WorkerClusters clusters = WorkerClustersFile.parse("""
                clusters:
                  it:
                    members:
                      primary: %s
                      replica: %s
                """.formatted(cluster.member("primary").url(), cluster.member("replica").url()), false);
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
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    PostgresCluster cluster() {
        return cluster;
    }

    PostgresActivities activities() {
        return activities;
    }
}
