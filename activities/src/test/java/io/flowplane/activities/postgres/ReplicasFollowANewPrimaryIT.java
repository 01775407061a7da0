package io.flowplane.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.testkit.PostgresCluster;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.activity.StreamingReplicas;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The primitives that bring the other replicas along, on real PostgreSQL: a primary and two streaming replicas. The
 * second replica is repointed to the first before it is promoted (cascading), then follows its new timeline, and the
 * new primary waits for it as its synchronous standby.
 */
class ReplicasFollowANewPrimaryIT {
    @Test
    void aReplicaRepointedBeforeThePromotionStreamsFromTheNewPrimaryOnItsTimelineAndBecomesItsSynchronousStandby() throws Exception {
        TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
        try (PostgresCluster cluster = PostgresCluster.builder().primary("us-east-1").synchronousReplica("us-east-2")
                .asynchronousReplica("eu-west-1").withFlowplaneSchema().start()) {
            WorkerClusters clusters = WorkerClustersFile.parse("""
                    clusters:
                      it:
                        members:
                          us-east-1: {url: "%s", region: us-east, role: synchronous}
                          us-east-2: {url: "%s", region: us-east, role: synchronous}
                          eu-west-1: {url: "%s", region: eu-west}
                    """.formatted(cluster.member("us-east-1").url(), cluster.member("us-east-2").url(), cluster.member("eu-west-1").url()), false);
            environment.registerActivitiesImplementations(new PostgresFailoverActivities(clusters, MemberConnector.forFailover()));
            PostgresActivities postgres = environment.newActivityStub(PostgresActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(2)).setHeartbeatTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
            PostgresMember oldPrimary = cluster.member("us-east-1");
            PostgresMember europe = cluster.member("eu-west-1");

            assertThat(postgres.setSynchronousStandbys("it", "us-east-2", List.of())).isEmpty();
            postgres.followPrimary("it", "eu-west-1", "us-east-2");
            postgres.followPrimary("it", "eu-west-1", "us-east-2"); // idempotent
            StreamingReplicas cascading = postgres.awaitStreaming("it", "us-east-2", List.of("eu-west-1"), 30);
            assertThat(cascading.streams("eu-west-1")).as("eu-west-1 cascades from the replica before it is promoted").isTrue();

            oldPrimary.stopImmediately();
            postgres.promote("it", "us-east-2");
            StreamingReplicas following = postgres.awaitStreaming("it", "us-east-2", List.of("eu-west-1"), 60);
            assertThat(following.missing()).isEmpty();
            assertThat(following.timeline()).isEqualTo(2L);
            assertThat(europe.queryLong("SELECT received_tli FROM pg_stat_wal_receiver")).as("eu-west-1 follows the new timeline").isEqualTo(2);

            assertThat(postgres.setSynchronousStandbys("it", "us-east-2", List.of("eu-west-1"))).isEqualTo("FIRST 1 (\"eu-west-1\")");
            StreamingReplicas synchronous = postgres.awaitStreaming("it", "us-east-2", List.of("eu-west-1"), 30);
            assertThat(synchronous.syncStates()).containsEntry("eu-west-1", "sync");
            StreamingReplicas nobody = postgres.awaitStreaming("it", "us-east-2", List.of("eu-west-1", "ap-east-1"), 1);
            assertThat(nobody.missing()).containsExactly("ap-east-1");
            assertThatThrownBy(() -> postgres.followPrimary("it", "us-east-2", "eu-west-1"))
                    .isInstanceOfSatisfying(ActivityFailure.class, e -> assertThat(((ApplicationFailure) e.getCause()).getType()).isEqualTo("NotReplica"));
        } finally {
            environment.close();
        }
    }
}
