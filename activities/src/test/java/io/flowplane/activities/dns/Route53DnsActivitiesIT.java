package io.flowplane.activities.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.testkit.aws.AwsQueryServer;
import io.flowplane.testkit.aws.MotoServer;
import io.flowplane.workflows.activity.DnsActivities;
import io.flowplane.workflows.activity.DnsChange;
import io.flowplane.workflows.activity.DnsRecord;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;

/** The DNS activities through the real AWS SDK against moto's Route 53, all real; only the zone is made up. */
class Route53DnsActivitiesIT {
    static Route53Client route53;
    static String zoneId;
    static TestActivityEnvironment environment;
    static DnsActivities dns;
    static Route53DnsActivities activities;

    @BeforeAll
    static void start() {
        MotoServer moto = MotoServer.shared();
        System.setProperty("aws.accessKeyId", AwsQueryServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", AwsQueryServer.SECRET_ACCESS_KEY);
        route53 = Route53Client.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        zoneId = route53.createHostedZone(r -> r.name("flowplane-dns-it.internal.").callerReference("dns-it-" + System.nanoTime()))
                .hostedZone().id().replace("/hostedzone/", "");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId).changeBatch(b -> b.changes(c -> c.action(ChangeAction.CREATE)
                .resourceRecordSet(s -> s.name("xds.flowplane-dns-it.internal.").type(RRType.A).ttl(30L)
                        .resourceRecords(ResourceRecord.builder().value("127.0.0.3").build())))));
        WorkerClusters clusters = WorkerClustersFile.parse("""
                clusters:
                  main:
                    members: {a: "postgresql://u@127.0.0.1:1/db"}
                    control_planes: ["http://127.0.0.1:8091", "http://127.0.0.1:9091"]
                    dns:
                      hosted_zone_id: %s
                      record: xds.flowplane-dns-it.internal
                      endpoint: "%s"
                      targets: {"http://127.0.0.1:8091": 127.0.0.3, "http://127.0.0.1:9091": 127.0.0.4}
                  nozone:
                    members: {a: "postgresql://u@127.0.0.1:1/db"}
                    control_planes: ["http://127.0.0.1:7091"]
                    dns: {hosted_zone_id: ZNOTHERE, record: x.internal, endpoint: "%s", targets: {"http://127.0.0.1:7091": 127.0.0.9}}
                  norecord:
                    members: {a: "postgresql://u@127.0.0.1:1/db"}
                    control_planes: ["http://127.0.0.1:6091"]
                    dns: {hosted_zone_id: %s, record: missing.flowplane-dns-it.internal, endpoint: "%s",
                          targets: {"http://127.0.0.1:6091": 127.0.0.9}}
                """.formatted(zoneId, moto.endpoint(), moto.endpoint(), zoneId, moto.endpoint()), false);
        activities = new Route53DnsActivities(clusters);
        environment = TestActivityEnvironment.newInstance();
        environment.registerActivitiesImplementations(activities);
        dns = environment.newActivityStub(DnsActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(20))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
    }

    @AfterAll
    static void stop() {
        environment.close();
        activities.close();
        route53.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theRecordIsRepointedKeepingItsTtlOnceAndWaitedForUntilInSync() {
        DnsRecord before = dns.describeRecord("main");
        assertThat(before.values()).containsExactly("127.0.0.3");
        assertThat(before.controlPlane()).isEqualTo("http://127.0.0.1:8091");

        DnsChange change = dns.pointAt("main", "http://127.0.0.1:9091/");
        assertThat(change.changedByThisCall()).isTrue();
        assertThat(dns.awaitInSync("main", change.changeId(), 30).status()).isEqualTo("INSYNC");

        DnsRecord after = dns.describeRecord("main");
        assertThat(after.values()).containsExactly("127.0.0.4");
        assertThat(after.ttlSeconds()).as("TTL kept").isEqualTo(30);
        assertThat(after.type()).isEqualTo("A");
        assertThat(after.controlPlane()).isEqualTo("http://127.0.0.1:9091");
        assertThat(dns.pointAt("main", "http://127.0.0.1:9091").changedByThisCall()).as("a retry changes nothing").isFalse();
    }

    @Test
    void aMissingZoneRecordOrTargetIsRefusedWithoutRetryingAndNamed() {
        assertThat(failure(() -> dns.describeRecord("nozone"))).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("ZoneNotFound");
            assertThat(f.isNonRetryable()).isTrue();
        });
        assertThat(failure(() -> dns.describeRecord("norecord"))).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("RecordNotFound");
            assertThat(f.getOriginalMessage()).contains("missing.flowplane-dns-it.internal.");
        });
        assertThat(failure(() -> dns.pointAt("main", "http://127.0.0.1:5555"))).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("UnknownDnsTarget");
            assertThat(f.getOriginalMessage()).contains(List.of("http://127.0.0.1:8091", "http://127.0.0.1:9091").toString());
        });
    }

    private static ApplicationFailure failure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(ActivityFailure.class);
        return (ApplicationFailure) thrown.getCause();
    }
}
