package io.flowplane.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.testkit.PostgresCluster;
import io.flowplane.testkit.PostgresClusterExtension;
import io.flowplane.testkit.Wait;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;
import software.amazon.awssdk.services.rds.model.GlobalClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidGlobalClusterStateException;
import software.amazon.awssdk.services.rds.model.RdsException;

/**
 * The RDS test double, driven by the real AWS SDK over HTTP: what is real here is the SDK (signing,
 * XML parsing, error mapping, retries) and PostgreSQL; the RDS endpoint is the double.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RdsGlobalClusterDoubleIT {
    @RegisterExtension
    static final PostgresClusterExtension POSTGRES = new PostgresClusterExtension(PostgresCluster.builder()
            .primary("us-east-1")
            .asynchronousReplica("eu-west-1")
            .withFlowplaneSchema());

    static RdsGlobalClusterDouble rds;
    static RdsClient client;

    @BeforeAll
    static void start() {
        rds = RdsGlobalClusterDouble.builder("flowplane-global")
                .cluster("flowplane-us", "us-east-1", POSTGRES.cluster().member("us-east-1"))
                .cluster("flowplane-eu", "eu-west-1", POSTGRES.cluster().member("eu-west-1"))
                .stepDelay(Duration.ofMillis(200))
                .start();
        client = client(AwsQueryServer.SECRET_ACCESS_KEY);
    }

    @AfterAll
    static void stop() {
        client.close();
        rds.close();
    }

    @Test
    @Order(1)
    void theGlobalClusterAndItsMembersAreDescribedAsAwsDescribesThem() {
        GlobalCluster global = describe();
        assertThat(global.globalClusterIdentifier()).isEqualTo("flowplane-global");
        assertThat(global.status()).isEqualTo("available");
        assertThat(global.failoverState()).isNull();
        assertThat(global.globalClusterMembers()).extracting(GlobalClusterMember::dbClusterArn, GlobalClusterMember::isWriter,
                GlobalClusterMember::synchronizationStatusAsString).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(rds.arn("flowplane-us"), true, "connected"),
                        org.assertj.core.groups.Tuple.tuple(rds.arn("flowplane-eu"), false, "connected"));
        assertThat(global.globalClusterMembers().get(0).readers()).containsExactly(rds.arn("flowplane-eu"));
        var eu = client.describeDBClusters(r -> r.dbClusterIdentifier("flowplane-eu")).dbClusters().get(0);
        assertThat(eu.port()).isEqualTo(POSTGRES.cluster().member("eu-west-1").port());
        assertThat(eu.engineVersion()).isEqualTo(global.engineVersion());
        assertThat(eu.status()).isEqualTo("available");
    }

    @Test
    @Order(2)
    void aWrongSecretAnUnknownClusterAndThrottlingAnswerAsAwsDoes() {
        try (RdsClient wrongSecret = client("not-the-secret")) {
            assertThatThrownBy(() -> wrongSecret.describeGlobalClusters(r -> r.globalClusterIdentifier("flowplane-global")))
                    .isInstanceOfSatisfying(RdsException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch"));
        }
        assertThatThrownBy(() -> client.describeGlobalClusters(r -> r.globalClusterIdentifier("nope")))
                .isInstanceOf(GlobalClusterNotFoundException.class);
        assertThatThrownBy(() -> client.switchoverGlobalCluster(r -> r.globalClusterIdentifier("flowplane-global")
                .targetDbClusterIdentifier(rds.arn("flowplane-us"))))
                .isInstanceOf(InvalidGlobalClusterStateException.class).hasMessageContaining("already the primary");

        int before = rds.server().calls("DescribeGlobalClusters");
        rds.server().throttleNext("DescribeGlobalClusters", 2);
        assertThat(describe().status()).as("the SDK retries throttling by itself").isEqualTo("available");
        assertThat(rds.server().calls("DescribeGlobalClusters") - before).isEqualTo(3);
    }

    @Test
    @Order(3)
    void aSwitchoverFencesCatchesUpPromotesAndRebuildsTheOldWriterGoingThroughAwsStates() throws Exception {
        POSTGRES.cluster().member("us-east-1").execute(
                "INSERT INTO teams (name, id, description) VALUES ('before-switchover', 'team-before', 'kit test')");
        GlobalCluster started = client.switchoverGlobalCluster(r -> r.globalClusterIdentifier("flowplane-global")
                .targetDbClusterIdentifier(rds.arn("flowplane-eu"))).globalCluster();
        assertThat(started.failoverState().statusAsString()).isEqualTo("pending");
        assertThatThrownBy(() -> client.switchoverGlobalCluster(r -> r.globalClusterIdentifier("flowplane-global")
                .targetDbClusterIdentifier(rds.arn("flowplane-eu"))))
                .as("one operation at a time").isInstanceOf(InvalidGlobalClusterStateException.class);

        Set<String> statesSeen = new LinkedHashSet<>();
        Wait.until("the switchover to finish", Duration.ofSeconds(120), () -> {
            GlobalCluster now = describe();
            // The SDK's enum has no switching-over: the raw string is what tells.
            statesSeen.add(now.failoverState() == null ? "none" : now.failoverState().statusAsString());
            return now.failoverState() == null && "available".equals(now.status());
        });

        assertThat(statesSeen).containsSubsequence("pending", "switching-over", "none");
        assertThat(rds.writer()).isEqualTo("flowplane-eu");
        assertThat(rds.events()).containsExactly("fenced flowplane-us", "caught up flowplane-eu", "promoted flowplane-eu",
                "writer is flowplane-eu", "rejoined flowplane-us as a replica of flowplane-eu");
        assertThat(POSTGRES.cluster().member("eu-west-1").isInRecovery()).isFalse();
        assertThat(POSTGRES.cluster().member("eu-west-1").queryLong("SELECT count(*) FROM teams WHERE name = 'before-switchover'"))
                .isEqualTo(1);
        assertThat(POSTGRES.cluster().member("us-east-1").isInRecovery()).as("the old writer is a secondary").isTrue();
        assertThat(describe().globalClusterMembers()).allSatisfy(m ->
                assertThat(m.synchronizationStatusAsString()).isEqualTo("connected"));
    }

    private static GlobalCluster describe() {
        return client.describeGlobalClusters(r -> r.globalClusterIdentifier("flowplane-global")).globalClusters().get(0);
    }

    private static RdsClient client(String secret) {
        return RdsClient.builder()
                .endpointOverride(URI.create(rds.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AwsQueryServer.ACCESS_KEY_ID, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
