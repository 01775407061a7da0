package io.flowplane.activities.aurora;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.testkit.PostgresCluster;
import io.flowplane.testkit.PostgresClusterExtension;
import io.flowplane.testkit.aws.AwsQueryServer;
import io.flowplane.testkit.aws.RdsGlobalClusterDouble;
import io.flowplane.workflows.activity.AuroraGlobalActivities;
import io.flowplane.workflows.activity.AuroraGlobalStatus;
import io.flowplane.workflows.activity.AuroraMemberStatus;
import io.flowplane.workflows.activity.AuroraMoveStarted;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Aurora activities through the real AWS SDK against the kit's RDS TEST DOUBLE (moto has no global
 * switchover or failover), whose regional clusters are real PostgreSQL servers. Real: the SDK client,
 * its signing, retries and error mapping, and PostgreSQL; emulated: the RDS endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RdsAuroraActivitiesIT {
    @RegisterExtension
    static final PostgresClusterExtension POSTGRES = new PostgresClusterExtension(PostgresCluster.builder()
            .primary("us-east-1")
            .asynchronousReplica("eu-west-1")
            .withFlowplaneSchema());

    static RdsGlobalClusterDouble rds;
    static RdsClients clients;
    static TestActivityEnvironment environment;
    static AuroraGlobalActivities aurora;

    @BeforeAll
    static void start() {
        rds = RdsGlobalClusterDouble.builder("flowplane-global")
                .cluster("flowplane-us", "us-east-1", POSTGRES.cluster().member("us-east-1"))
                .cluster("flowplane-eu", "eu-west-1", POSTGRES.cluster().member("eu-west-1"))
                .stepDelay(Duration.ofMillis(200))
                .start();
        // The SDK's default provider chain reads these first.
        System.setProperty("aws.accessKeyId", AwsQueryServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", AwsQueryServer.SECRET_ACCESS_KEY);
        WorkerClusters clusters = WorkerClustersFile.parse("""
                clusters:
                  global:
                    aurora: {global_cluster: flowplane-global, region: us-east-1, endpoint: "%s"}
                    members:
                      flowplane-us: %s
                      flowplane-eu: %s
                  missing:
                    aurora: {global_cluster: no-such-global, region: us-east-1, endpoint: "%s"}
                    members:
                      flowplane-us: %s
                """.formatted(rds.endpoint(), POSTGRES.cluster().member("us-east-1").url(), POSTGRES.cluster().member("eu-west-1").url(),
                rds.endpoint(), POSTGRES.cluster().member("us-east-1").url()), false);
        clients = new RdsClients();
        environment = TestActivityEnvironment.newInstance();
        environment.registerActivitiesImplementations(new RdsAuroraActivities(clusters, clients, Duration.ofMillis(200)));
        aurora = environment.newActivityStub(AuroraGlobalActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(3))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    @AfterAll
    static void stop() {
        environment.close();
        clients.close();
        rds.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    @Order(1)
    void describeNamesEachRegionalClusterWithItsRoleRegionAndState() {
        AuroraGlobalStatus status = aurora.describe("global");
        assertThat(status.status()).isEqualTo("available");
        assertThat(status.failoverStatus()).isNull();
        assertThat(status.members()).extracting(AuroraMemberStatus::clusterId, AuroraMemberStatus::region, AuroraMemberStatus::writer,
                AuroraMemberStatus::synchronizationStatus, AuroraMemberStatus::clusterStatus).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("flowplane-us", "us-east-1", true, "connected", "available"),
                        org.assertj.core.groups.Tuple.tuple("flowplane-eu", "eu-west-1", false, "connected", "available"));
        assertThat(status.members()).allSatisfy(m -> assertThat(m.engineVersion()).isEqualTo(status.engineVersion()));
    }

    @Test
    @Order(2)
    void whatDoesNotExistFailsWithoutRetryingAndNamesIt() {
        assertThat(failure(() -> aurora.describe("missing"))).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("GlobalClusterNotFound");
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage()).contains("no-such-global");
        });
        assertThat(failure(() -> aurora.switchover("global", "flowplane-ap"))).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("NotAMember");
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage()).contains("flowplane-ap").contains("flowplane-us").contains("flowplane-eu");
        });
        assertThat(rds.server().calls("SwitchoverGlobalCluster")).isZero();
    }

    @Test
    @Order(3)
    void aDescribeThatHangsIsCutOffAndAskedAgain() {
        int before = rds.server().calls("DescribeGlobalClusters");
        rds.server().hangNext("DescribeGlobalClusters", io.flowplane.activities.aws.AwsClients.ATTEMPT_TIMEOUT.plusSeconds(5));
        assertThat(aurora.describe("global").status()).isEqualTo("available");
        assertThat(rds.server().calls("DescribeGlobalClusters") - before).as("the hung attempt, then the retry").isEqualTo(2);
    }

    @Test
    @Order(4)
    void aSwitchoverIsAskedForOnceAndAwaitedThroughThrottlingAndPassingStateFaults() {
        AuroraMoveStarted first = aurora.switchover("global", "flowplane-eu");
        assertThat(first.requestedByThisCall()).isTrue();
        AuroraMoveStarted retried = aurora.switchover("global", "flowplane-eu");
        assertThat(retried.requestedByThisCall()).as("a retry finds it under way").isFalse();
        assertThat(retried.detail()).contains("already under way");

        // Beyond the SDK's own retries: the poll keeps going through them.
        rds.server().throttleNext("DescribeGlobalClusters", 4);
        rds.server().failNext("DescribeGlobalClusters", 2, 400, "InvalidGlobalClusterStateFault", "global cluster is changing");
        AuroraGlobalStatus after = aurora.awaitWriter("global", "flowplane-eu", 120);

        assertThat(after.writer().map(AuroraMemberStatus::clusterId)).contains("flowplane-eu");
        assertThat(after.failoverStatus()).isNull();
        assertThat(aurora.switchover("global", "flowplane-eu").detail()).isEqualTo("flowplane-eu is already the writer");
        assertThat(rds.server().calls("SwitchoverGlobalCluster")).isEqualTo(1);
        assertThat(POSTGRES.cluster().member("eu-west-1").isInRecovery()).isFalse();
        assertThat(rds.events()).startsWith("fenced flowplane-us", "caught up flowplane-eu", "promoted flowplane-eu");
    }

    @Test
    @Order(5)
    void aFailoverAllowingDataLossPromotesAtOnceAndANewWriterThatNeverComesIsReported() {
        AuroraMoveStarted started = aurora.failoverAllowingDataLoss("global", "flowplane-us");
        assertThat(started.requestedByThisCall()).isTrue();
        AuroraGlobalStatus after = aurora.awaitWriter("global", "flowplane-us", 120);
        assertThat(after.writer().map(AuroraMemberStatus::clusterId)).contains("flowplane-us");
        assertThat(after.member("flowplane-eu").orElseThrow().synchronizationStatus()).isEqualTo("pending-resync");
        assertThat(rds.server().calls("FailoverGlobalCluster")).isEqualTo(1);
        assertThat(POSTGRES.cluster().member("us-east-1").isInRecovery()).isFalse();

        assertThat(failure(() -> aurora.awaitWriter("global", "flowplane-eu", 2))).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("NewWriterNotReady");
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage()).contains("flowplane-us (writer");
        });
    }

    private static ApplicationFailure failure(Runnable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(ActivityFailure.class);
        assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
        return (ApplicationFailure) thrown.getCause();
    }
}
