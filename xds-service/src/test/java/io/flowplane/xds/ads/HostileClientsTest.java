package io.flowplane.xds.ads;

import static io.flowplane.xds.ads.AdsHarness.sent;
import static io.flowplane.xds.snapshot.TypeUrls.CLUSTER;
import static io.flowplane.xds.snapshot.TypeUrls.ENDPOINT;
import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.snapshot.TypeUrls.ROUTE;
import static io.flowplane.xds.testing.AdsClient.nodeInCluster;
import static io.flowplane.xds.testing.Fleets.twoDataplanes;
import static io.flowplane.xds.testing.Resources.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.core.model.Endpoint;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.AdsGrpcServer;
import io.flowplane.xds.AdsSettings;
import io.flowplane.xds.TlsSettings;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.DeltaClient;
import io.flowplane.xds.testing.Fleets;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that break the xDS protocol, on purpose or by bug. After each, the server must still serve a
 * well-behaved client (configuration and ACK cycle, both protocols), must have refused the hostile stream
 * with a status saying why or answered it sensibly, and must keep no stream that has ended.
 */
class HostileClientsTest {
    private static final int MAX_NAMES = AdsLimits.DEFAULT.maxResourceNamesPerType();
    /** A request, a push, a resumption: what a stream may have queued at once, however hard its client pushes. */
    /** Turns a flooding stream may get while another stream's push and ACK wait: a few per pool worker. */
    private static final long FAIR_TURNS = 50;
    private static final int FEW_TASKS = 4;
    private static final Node NODE_A = nodeInCluster("hostile", "eu-west");
    private static final Node NODE_B = nodeInCluster("hostile-b", "us-east");

    private AdsHarness ads;

    @BeforeEach
    void start() throws Exception {
        ads = new AdsHarness();
        ads.publish(twoDataplanes().build());
    }

    @AfterEach
    void stop() throws Exception {
        ads.close();
    }

    // Nodes

    @Test
    void aFirstRequestWithoutANodeIsRefused() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT, "the first request on a stream must carry a node");
        assertEnded(delta, Status.Code.INVALID_ARGUMENT, "the first request on a stream must carry a node");
        assertServerStillServes(0);
    }

    @Test
    void aFirstRequestWithAnEmptyNodeIsRefused() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(Node.getDefaultInstance()).build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(Node.newBuilder()).build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT, "must carry a node that is not empty");
        assertEnded(delta, Status.Code.INVALID_ARGUMENT, "must carry a node that is not empty");
        assertServerStillServes(0);
    }

    static Stream<Arguments> absurdNodes() {
        String megabytes = "x".repeat(2_000_000);
        Struct.Builder metadata = Struct.newBuilder();
        for (int i = 0; i < 20_000; i++) {
            metadata.putFields("key-" + i, Value.newBuilder().setStringValue("value-" + i).build());
        }
        return Stream.of(
                Arguments.of(Node.newBuilder().setId(megabytes).setCluster("eu-west").build(),
                        "node.id is 2000000 characters long, more than 1024"),
                Arguments.of(Node.newBuilder().setId("envoy").setCluster(megabytes).build(),
                        "node.cluster is 2000000 characters long, more than 1024"),
                Arguments.of(Node.newBuilder().setId("envoy").setCluster("eu-west").setMetadata(metadata).build(),
                        "more than 65536"));
    }

    @ParameterizedTest
    @MethodSource("absurdNodes")
    void aNodeOfAbsurdSizeIsRefused(Node node, String why) throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(node).build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(node).build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT, why);
        assertEnded(delta, Status.Code.INVALID_ARGUMENT, why);
        assertServerStillServes(0);
    }

    static Stream<Value> dataplaneIdsOfTheWrongKind() {
        return Stream.of(
                Value.newBuilder().setNumberValue(42).build(),
                Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(Value.newBuilder().setStringValue("dp_a"))).build(),
                Value.newBuilder().setStructValue(Struct.newBuilder()
                        .putFields("id", Value.newBuilder().setStringValue("dp_a").build())).build(),
                Value.newBuilder().setBoolValue(true).build(),
                Value.newBuilder().setStringValue("  ").build());
    }

    @ParameterizedTest
    @MethodSource("dataplaneIdsOfTheWrongKind")
    void aDataplaneIdOfTheWrongKindLeavesTheStreamUnboundAndSaysWhy(Value dataplaneId) throws Exception {
        Node node = nodeInCluster("odd", "eu-west").toBuilder()
                .setMetadata(Struct.newBuilder().putFields("flowplane_dataplane_id", dataplaneId)).build();
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(node).build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(node).build());

        awaitStreams(2, s -> !s.bound() && s.unboundReason() != null
                && s.unboundReason().contains("flowplane_dataplane_id is not a non-empty string"));
        assertThat(ads.registry.statuses()).as("an unbound node, even of a known cluster, gets nothing")
                .allSatisfy(status -> assertThat(sent(status)).isEqualTo(Map.of("cds", 0L)));
        assertThat(sotw.ended() || delta.ended()).isFalse();
        assertServerStillServes(2);

        sotw.cancel();
        delta.cancel();
        awaitOpenStreams(0);
    }

    @Test
    void aNodeRepeatedOnEveryRequestIsFineButANodeThatChangesIsRefused() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        DiscoveryResponse cds = sotw.await();
        sotw.send(ack(cds).setNode(NODE_A).build());
        awaitAcked(NODE_A.getId(), "cds", cds.getVersionInfo());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER).setNode(NODE_B).build());

        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        delta.await();
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LISTENER)
                .setNode(NODE_A.toBuilder().setMetadata(Struct.newBuilder().putFields("flowplane_dataplane_id",
                        Value.newBuilder().setStringValue("dp_b").build())))
                .build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT,
                "node changed on this stream: it was id 'hostile' cluster 'eu-west', now id 'hostile-b' cluster 'us-east'");
        assertEnded(delta, Status.Code.INVALID_ARGUMENT, "node changed on this stream", "with other metadata");
        assertServerStillServes(0);
    }

    // Type URLs

    static Stream<Arguments> badTypeUrls() {
        return Stream.of(
                Arguments.of("", "request without type_url"),
                Arguments.of("clusters", "unknown type url 'clusters': not of the form type.googleapis.com/"),
                Arguments.of("type.googleapis.com/", "unknown type url 'type.googleapis.com/'"),
                Arguments.of("type.googleapis.com/envoy config", "unknown type url"),
                Arguments.of("type.googleapis.com/" + "a.".repeat(50_000) + "B",
                        "type_url is 100021 characters long, more than 1024"));
    }

    @ParameterizedTest
    @MethodSource("badTypeUrls")
    void aMalformedTypeUrlIsRefused(String typeUrl, String why) throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        sotw.await();
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setNode(NODE_A).build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT, why);
        assertEnded(delta, Status.Code.INVALID_ARGUMENT, why);
        assertServerStillServes(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
            "type.googleapis.com/envoy.service.runtime.v3.Runtime",
            "type.googleapis.com/envoy.config.route.v3.ScopedRouteConfiguration",
            "type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig",
            "type.googleapis.com/google.protobuf.Empty"})
    void aTypeOfAnotherXdsApiIsNotAnsweredAndKeepsTheStreamUsable(String typeUrl) throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setNode(NODE_A).addResourceNames("x").build());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setResponseNonce("1").build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setNode(NODE_A).build());
        // The next answer on each stream is the cluster one: nothing came for the other API's type before it.
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).build());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).build());
        assertThat(names(sotw.await())).containsExactly("backend-a");
        assertThat(DeltaClient.names(delta.await())).containsExactly("backend-a");
        for (StreamStatus status : ads.registry.statuses()) {
            assertThat(status.types()).as("no state is kept for a type that is not served").containsOnlyKeys("cds");
        }
        assertServerStillServes(2);
    }

    @Test
    void aDeltaStreamMayMoveBetweenTypesAsAdsAllows() throws Exception {
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        DeltaDiscoveryResponse cds = delta.await();
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).addResourceNamesSubscribe("routes-a").build());
        DeltaDiscoveryResponse rds = delta.await();
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setResponseNonce(cds.getNonce()).build());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LISTENER).build());
        DeltaDiscoveryResponse lds = delta.await();
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT).addResourceNamesSubscribe("backend-a")
                .setResponseNonce(rds.getNonce()).build());
        DeltaDiscoveryResponse eds = delta.await();

        assertThat(List.of(cds.getTypeUrl(), rds.getTypeUrl(), lds.getTypeUrl(), eds.getTypeUrl()))
                .containsExactly(CLUSTER, ROUTE, LISTENER, ENDPOINT);
        assertThat(DeltaClient.names(lds)).containsExactly("ingress-a");
        assertThat(DeltaClient.names(eds)).containsExactly("backend-a");
        StreamStatus status = awaitStreams(1, s -> s.types().size() == 4);
        assertThat(status.types().get("cds").lastAckedVersion()).isEqualTo(cds.getSystemVersionInfo());
        assertServerStillServes(1);
    }

    // Nonces, versions and error details

    @Test
    void garbageAndFutureNoncesAreStaleAndAHugeOneIsRefused() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        DiscoveryResponse cds = sotw.await();
        sotw.send(ack(cds).setResponseNonce("garbage").build());
        sotw.send(ack(cds).setResponseNonce("999999").setErrorDetail(error("from the future")).build());
        // A later request for another type, once handled, shows the two before it handled.
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER).build());
        assertThat(sotw.await().getTypeUrl()).as("the next answer is the listener one").isEqualTo(LISTENER);
        StreamStatus handled = ads.awaitStream(NODE_A.getId(), s -> s.types().containsKey("lds"));
        assertThat(handled.types().get("cds").lastAckedVersion()).isNull();
        assertThat(handled.types().get("cds").lastNack()).isNull();
        assertThat(handled.types().get("cds").responsesSent()).isEqualTo(1);

        sotw.send(ack(cds).build());
        awaitAcked(NODE_A.getId(), "cds", cds.getVersionInfo());
        sotw.send(ack(cds).setResponseNonce("7".repeat(5000)).build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT, "response_nonce is 5000 characters long, more than 1024");
        assertThat(ads.events.nacks(CLUSTER)).isZero();
        assertServerStillServes(0);
    }

    @Test
    void anAckOrNackForATypeNeverSentIsTakenAsTheFirstRequestForIt() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).setResponseNonce("17")
                .setVersionInfo("from-another-control-plane").build());
        DiscoveryResponse cds = sotw.await();
        assertThat(names(cds)).containsExactly("backend-a");
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER).setResponseNonce("3")
                .setErrorDetail(error("rejected elsewhere")).build());
        assertThat(names(sotw.await())).containsExactly("ingress-a");

        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).setResponseNonce("5")
                .setErrorDetail(error("rejected elsewhere")).build());
        assertThat(DeltaClient.names(delta.await())).containsExactly("backend-a");

        assertThat(ads.events.nacks(CLUSTER) + ads.events.nacks(LISTENER)).isZero();
        sotw.send(ack(cds).build());
        awaitAcked(NODE_A.getId(), "cds", cds.getVersionInfo());
        assertServerStillServes(2);
    }

    @Test
    void aVersionNeverSentIsResentAndAnErrorOnTheFirstRequestIsNoNack() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).setVersionInfo("never-sent")
                .setErrorDetail(error("on the first request")).build());
        DiscoveryResponse cds = sotw.await();
        assertThat(cds.getVersionInfo()).isNotEqualTo("never-sent");
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A)
                .setErrorDetail(error("on the first request")).build());
        delta.await();

        assertThat(ads.events.nacks(CLUSTER)).isZero();
        assertThat(ads.registry.statuses()).allSatisfy(s -> assertThat(s.types().get("cds").lastNack()).isNull());
        assertServerStillServes(2);
    }

    @Test
    void aRepeatedNackCountsOnceAndAHugeMessageIsCut() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        DiscoveryResponse accepted = sotw.await();
        sotw.send(ack(accepted).build());
        awaitAcked(NODE_A.getId(), "cds", accepted.getVersionInfo());
        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        DiscoveryResponse rejected = sotw.await();

        DiscoveryRequest nack = ack(rejected).setVersionInfo(accepted.getVersionInfo())
                .setErrorDetail(error("n".repeat(1_000_000))).build();
        sotw.flood(nack, 500);
        sotw.send(ack(rejected).build()); // an ACK after the NACK, with the same nonce: accepts nothing

        // A later request for another type, once handled, shows the flood and the ACK before it handled.
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER).build());
        assertThat(sotw.await().getTypeUrl()).as("the next answer is the listener one").isEqualTo(LISTENER);
        TypeStatus cds = ads.awaitStream(NODE_A.getId(), s -> s.types().containsKey("lds")).types().get("cds");
        assertThat(cds.responsesSent()).as("accepted and rejected, nothing resent").isEqualTo(2);
        assertThat(ads.events.nacks(CLUSTER)).as("one rejected response, one NACK").isEqualTo(1);
        assertThat(cds.lastNack().message()).hasSizeLessThan(4200).endsWith("(995904 more characters)");
        assertThat(cdsOf(NODE_A).lastAckedVersion()).isEqualTo(accepted.getVersionInfo());
        assertServerStillServes(1);
    }

    @Test
    void deltaNoncesThatWereNeverSentAreNeitherAckNorNackButTheirSubscriptionsCount() throws Exception {
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        DeltaDiscoveryResponse cds = delta.await();
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setResponseNonce("garbage")
                .setErrorDetail(error("not ours")).build());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setResponseNonce("999999").build());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setResponseNonce(cds.getNonce())
                .setErrorDetail(error("wrong type")).addResourceNamesSubscribe("routes-a").build());

        assertThat(DeltaClient.names(delta.await())).containsExactly("routes-a");
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setResponseNonce(cds.getNonce()).build());
        awaitAcked(NODE_A.getId(), "cds", cds.getSystemVersionInfo());
        assertThat(ads.events.nacks(CLUSTER) + ads.events.nacks(ROUTE)).isZero();
        assertServerStillServes(1);
    }

    // Resource names

    @Test
    void moreNamesThanTheLimitAreRefused() throws Exception {
        List<String> tooMany = IntStream.range(0, 100_000).mapToObj(i -> "cluster-" + i).toList();
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT).setNode(NODE_A).addAllResourceNames(tooMany)
                .build());
        var subscribe = HostileStream.delta(ads.stub());
        subscribe.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A)
                .addAllResourceNamesSubscribe(tooMany).build());
        var unsubscribe = HostileStream.delta(ads.stub());
        unsubscribe.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A)
                .addAllResourceNamesUnsubscribe(tooMany).build());
        Map<String, String> held = new TreeMap<>();
        tooMany.forEach(name -> held.put(name, "v1"));
        var initial = HostileStream.delta(ads.stub());
        initial.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A)
                .putAllInitialResourceVersions(held).build());

        String limit = "more than the limit of " + MAX_NAMES + " (xds.maxResourceNamesPerType)";
        assertEnded(sotw, Status.Code.RESOURCE_EXHAUSTED, "resource_names lists 100000 names for eds, " + limit);
        assertEnded(subscribe, Status.Code.RESOURCE_EXHAUSTED, "resource_names_subscribe lists 100000", limit);
        assertEnded(unsubscribe, Status.Code.RESOURCE_EXHAUSTED, "resource_names_unsubscribe lists 100000", limit);
        assertEnded(initial, Status.Code.RESOURCE_EXHAUSTED, "initial_resource_versions lists 100000", limit);
        assertServerStillServes(0);
    }

    @Test
    void aDeltaSubscriptionGrowingPastTheLimitIsRefused() throws Exception {
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A).build());
        int batch = MAX_NAMES / 2;
        for (int round = 0; round < 3; round++) {
            int first = round * batch;
            delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).addAllResourceNamesSubscribe(
                    IntStream.range(first, first + batch).mapToObj(i -> "routes-" + i).toList()).build());
        }

        assertEnded(delta, Status.Code.RESOURCE_EXHAUSTED, "the subscription to rds would hold " + (3 * batch)
                + " names, more than the limit of " + MAX_NAMES);
        assertServerStillServes(0);
    }

    @Test
    void aVeryLongNameIsRefused() throws Exception {
        String longName = "n".repeat(100_000);
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A).addResourceNames("routes-a")
                .addResourceNames(longName).build());
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A)
                .putInitialResourceVersions("backend-a", longName).build());

        assertEnded(sotw, Status.Code.INVALID_ARGUMENT,
                "a name in resource_names is 100000 characters long, more than 1024: 'nnnn");
        assertEnded(delta, Status.Code.INVALID_ARGUMENT,
                "a version in initial_resource_versions is 100000 characters long");
        assertServerStillServes(0);
    }

    @Test
    void duplicateNamesAndAWildcardAmongNamesAreAnsweredOnce() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A)
                .addAllResourceNames(List.of("backend-a", "*", "backend-a", "nope")).build());
        assertThat(names(sotw.await())).containsExactly("backend-a");
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT)
                .addAllResourceNames(Collections.nCopies(MAX_NAMES, "backend-a")).build());
        assertThat(names(sotw.await())).containsExactly("backend-a");

        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A)
                .addAllResourceNamesSubscribe(List.of("nope", "*", "nope", "backend-a")).build());
        assertThat(DeltaClient.names(delta.await())).containsExactly("backend-a");
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT)
                .addAllResourceNamesSubscribe(Collections.nCopies(MAX_NAMES, "backend-a")).build());
        assertThat(DeltaClient.names(delta.await())).containsExactly("backend-a");

        assertThat(ads.registry.statuses()).allSatisfy(s -> {
            assertThat(sent(s)).as("each answered once").isEqualTo(Map.of("cds", 1L, "eds", 1L));
            assertThat(s.types().get("cds").subscribed()).as("wildcard").isNull();
            assertThat(s.types().get("eds").subscribed()).containsExactly("backend-a");
        });
        assertServerStillServes(2);
    }

    @Test
    void subscriptionChurnEndsWithExactlyWhatWasLastAskedFor() throws Exception {
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A).build());
        List<String> names = IntStream.range(0, 1000).mapToObj(i -> "routes-" + i).toList();
        DeltaDiscoveryRequest subscribeAll = DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE)
                .addAllResourceNamesSubscribe(names).addResourceNamesSubscribe("routes-a").build();
        DeltaDiscoveryRequest unsubscribeAll = DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE)
                .addAllResourceNamesUnsubscribe(names).addResourceNamesUnsubscribe("routes-a").build();
        for (int i = 0; i < 200; i++) {
            delta.send(subscribeAll);
            delta.send(unsubscribeAll);
        }
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).addResourceNamesSubscribe("routes-a")
                .build());

        awaitStreams(1, s -> s.types().containsKey("rds")
                && List.of("routes-a").equals(s.types().get("rds").subscribed()));
        long sent = ads.awaitStream(NODE_A.getId(), s -> true).types().get("rds").responsesSent();
        List<DeltaDiscoveryResponse> responses = new ArrayList<>();
        for (long i = 0; i < sent; i++) {
            responses.add(delta.await());
        }
        assertThat(responses).isNotEmpty().allSatisfy(r -> assertThat(DeltaClient.names(r)).containsOnly("routes-a"));
        assertServerStillServes(1);
    }

    @Test
    void thousandsOfUnknownInitialVersionsAreAnsweredAsRemovals() throws Exception {
        Map<String, String> held = new TreeMap<>();
        IntStream.range(0, 5000).forEach(i -> held.put("gone-" + i, "v" + i));
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A)
                .putAllInitialResourceVersions(held).build());

        DeltaDiscoveryResponse cds = delta.await();
        assertThat(DeltaClient.names(cds)).containsExactly("backend-a");
        assertThat(cds.getRemovedResourcesList()).hasSize(5000).containsAll(held.keySet());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setResponseNonce(cds.getNonce()).build());
        awaitAcked(NODE_A.getId(), "cds", cds.getSystemVersionInfo());
        assertThat(sent(ads.awaitStream(NODE_A.getId(), s -> true))).isEqualTo(Map.of("cds", 1L));
        assertServerStillServes(1);
    }

    // Floods, slow readers, half-closes, cancellations

    @Test
    void aRequestFloodIsReadOneRequestAtATimeAndDoesNotDelayOtherStreams() throws Exception {
        AdsClient good = ads.connect(nodeInCluster("good", "us-east"));
        good.subscribe(CLUSTER);
        DiscoveryResponse before = good.await(CLUSTER);
        good.ack(before);
        awaitAcked("good", "cds", before.getVersionInfo());

        List<String> names = IntStream.range(0, 2000).mapToObj(i -> "cluster-" + i).toList();
        DiscoveryRequest sotwFlood = DiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT).addAllResourceNames(names)
                .addResourceNames("backend-a").build();
        DeltaDiscoveryRequest deltaFlood = DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE)
                .addAllResourceNamesSubscribe(names).addResourceNamesUnsubscribe("routes-a").build();
        List<HostileStream<DiscoveryRequest, DiscoveryResponse>> sotwFlooders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var sotw = HostileStream.sotw(ads.stub());
            sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
            sotw.await();
            sotwFlooders.add(sotw);
        }
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        delta.await();
        sotwFlooders.forEach(sotw -> sotw.flood(sotwFlood, 3000));
        delta.flood(deltaFlood, 3000);
        List<HostileStream<?, ?>> flooders = new ArrayList<>(sotwFlooders);
        flooders.add(delta);
        List<AdsStreamBase<?, ?, ?>> flooding = ads.registry.streams().stream()
                .filter(stream -> !"good".equals(stream.status().nodeId())).toList();
        Wait.until("every flooder's stream busy with the flood", Duration.ofSeconds(10),
                () -> flooding.stream().allMatch(stream -> stream.tasksRun() > 10));

        // Fairness as a count, not a time: between the publish and the well-behaved stream's ACK being
        // handled, each flooder gets a few turns of the shared pool, not its thousands of queued requests.
        Map<Long, Long> turnsBefore = new TreeMap<>();
        flooding.forEach(stream -> turnsBefore.put(stream.status().streamId(), stream.tasksRun()));
        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-b",
                new Endpoint("moved-b.internal", 8080)).build());
        DiscoveryResponse after = good.await(CLUSTER);
        good.ack(after);
        awaitAcked("good", "cds", after.getVersionInfo());
        for (AdsStreamBase<?, ?, ?> stream : flooding) {
            assertThat(stream.tasksRun() - turnsBefore.get(stream.status().streamId()))
                    .as("turns %s had while the well-behaved stream waited", stream).isLessThan(FAIR_TURNS);
        }

        assertThat(flooders).noneMatch(HostileStream::ended);
        for (AdsStreamBase<?, ?, ?> stream : ads.registry.streams()) {
            assertThat(stream.mostQueuedTasks()).as("work queued for %s", stream).isLessThanOrEqualTo(FEW_TASKS);
        }
        flooders.forEach(HostileStream::cancel);
        awaitOpenStreams(1);
    }

    @Test
    void aClientThatNeverReadsGetsNoMoreThanOneUnitOfWorkBuffered() throws Exception {
        ads.publish(twoDataplanes().revision(2).listener("payments", "ingress-a2", 10001, "dp_a", "routes-a2")
                .routeConfig("payments", "routes-a2", "backend-a").build());
        var sotw = HostileStream.sotw(ads.stub(), false);
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A).addResourceNames("routes-a")
                .build());
        var delta = HostileStream.delta(ads.stub(), false);
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).setNode(NODE_A)
                .addResourceNamesSubscribe("routes-a").build());
        // Each of these requests would be answered by a response the client does not read.
        for (int i = 0; i < 2000; i++) {
            sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(ROUTE)
                    .addResourceNames(i % 2 == 0 ? "routes-a2" : "routes-a").build());
            delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).addResourceNamesUnsubscribe("routes-a")
                    .build());
            delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ROUTE).addResourceNamesSubscribe("routes-a")
                    .build());
        }
        ads.publish(twoDataplanes().revision(3).build());
        // The publish queued a push task on each stream; once both are idle, it has run (and been held back).
        Wait.until("both streams idle after the publish", Duration.ofSeconds(10),
                () -> ads.registry.streams().stream().allMatch(AdsStreamBase::idle));

        List<StreamStatus> statuses = ads.registry.statuses();
        assertThat(statuses).hasSize(2).allSatisfy(s -> assertThat(s.types().get("rds").responsesSent())
                .as("responses sent to a client that reads nothing").isLessThanOrEqualTo(2));
        for (AdsStreamBase<?, ?, ?> stream : ads.registry.streams()) {
            assertThat(stream.mostQueuedTasks()).as("work queued for %s", stream).isLessThanOrEqualTo(FEW_TASKS);
        }
        assertServerStillServes(2);
        sotw.cancel();
        delta.cancel();
        awaitOpenStreams(0);
    }

    @Test
    void aHalfClosedStreamIsAnsweredThenEndedAndForgotten() throws Exception {
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        sotw.halfClose();
        var delta = HostileStream.delta(ads.stub());
        delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
        delta.halfClose();
        var silent = HostileStream.sotw(ads.stub());
        silent.halfClose();

        assertThat(names(sotw.await())).containsExactly("backend-a");
        assertThat(DeltaClient.names(delta.await())).containsExactly("backend-a");
        assertThat(sotw.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(delta.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertThat(silent.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        assertServerStillServes(0);
    }

    @Test
    void streamsOpenedAndCancelledInQuickSuccessionLeaveNothingBehind() throws Exception {
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 500; i++) {
            var sotw = HostileStream.sotw(ads.stub());
            sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
            var delta = HostileStream.delta(ads.stub());
            delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
            if (i % 2 == 0) {
                sotw.cancel();
                delta.cancel();
            } else {
                delta.cancel();
                sotw.cancel();
            }
        }
        awaitOpenStreams(0);
        assertThat(Thread.activeCount()).as("threads").isLessThan(threadsBefore + 64);
        assertServerStillServes(0);
    }

    @Test
    void aClientCancellingMidPushLeavesNothingBehind() throws Exception {
        Fleets large = twoDataplanes();
        for (int i = 0; i < 300; i++) {
            large.listener("payments", "bulk-" + i, 20000 + i, "dp_a", "bulk-routes-" + i)
                    .routeConfig("payments", "bulk-routes-" + i, "bulk-" + i)
                    .cluster("payments", "bulk-" + i, new Endpoint("10.1." + (i / 250) + "." + (i % 250), 8080));
        }
        ads.publish(large.revision(2).build());
        List<HostileStream<?, ?>> cancelled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var sotw = HostileStream.sotw(ads.stub());
            sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
            sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(LISTENER).build());
            var delta = HostileStream.delta(ads.stub());
            delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());
            delta.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(LISTENER).build());
            cancelled.add(sotw);
            cancelled.add(delta);
        }
        ads.publish(large.revision(3).cluster("payments", "bulk-0", new Endpoint("10.9.9.9", 8080)).build());
        for (int i = 0; i < cancelled.size(); i++) {
            if (i % 2 == 0) {
                cancelled.get(i).await();
            }
            cancelled.get(i).cancel();
        }

        awaitOpenStreams(0);
        assertServerStillServes(0);
    }

    @Test
    void aFailureInTheServerEndsTheStreamWithInternalInsteadOfLeavingItStuck() throws Exception {
        ads.events.failNextPush = true;
        var sotw = HostileStream.sotw(ads.stub());
        sotw.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER).setNode(NODE_A).build());

        assertEnded(sotw, Status.Code.INTERNAL, "internal error in the control plane (IllegalStateException)");
        assertServerStillServes(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"StreamAggregatedResources", "DeltaAggregatedResources"})
    void bytesThatAreNoRequestAreRefusedWithTheParseError(String method) throws Exception {
        var garbage = RawBytesCall.open(ads.channel(), "envoy.service.discovery.v3.AggregatedDiscoveryService/" + method);
        garbage.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});

        Status status = garbage.awaitEnd();
        assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("the request is not a valid envoy.service.discovery.v3.")
                .contains("DiscoveryRequest: ");
        assertServerStillServes(0);
    }

    // The real transport

    @Test
    void overTheWireAnOversizedOrTooDeeplyNestedRequestIsRefusedBeforeItReachesTheStream() throws Exception {
        int limit = Math.toIntExact(new AdsSettings().getMaxInboundMessageSize().toBytes());
        ExecutorService workers = Executors.newFixedThreadPool(2);
        StreamRegistry registry = new StreamRegistry();
        AdsGrpcServer server = new AdsGrpcServer(new InetSocketAddress("127.0.0.1", 0),
                new AdsService(ads.snapshots, workers, AdsEvents.NONE, Clock.systemUTC(), registry), workers,
                Duration.ofSeconds(1), new TlsSettings(), limit);
        server.start();
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
                InsecureChannelCredentials.create()).build();
        try {
            var stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
            var oversized = HostileStream.sotw(stub);
            oversized.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER)
                    .setNode(NODE_A.toBuilder().setId("x".repeat(limit))).build());
            var nested = HostileStream.sotw(stub);
            nested.send(DiscoveryRequest.newBuilder().setTypeUrl(CLUSTER)
                    .setNode(NODE_A.toBuilder().setMetadata(nested(60))).build());

            assertEnded(oversized, Status.Code.RESOURCE_EXHAUSTED, "exceeds maximum size " + limit);
            assertEnded(nested, Status.Code.INVALID_ARGUMENT,
                    "the request is not a valid envoy.service.discovery.v3.DiscoveryRequest: "
                            + "Protocol message had too many levels of nesting");
            AdsClient envoy = AdsClient.connect(stub, nodeInCluster("well-behaved", "us-east"));
            envoy.subscribe(CLUSTER);
            assertThat(names(envoy.await(CLUSTER))).containsExactly("backend-b");
            assertThat(registry.statuses()).hasSize(1);
            envoy.close();
        } finally {
            channel.shutdownNow();
            server.stop();
        }
    }

    // Helpers

    /** A well-behaved Envoy of each protocol gets its configuration and its ACK recorded; ended streams are gone. */
    private void assertServerStillServes(int hostileStreamsOpen) throws InterruptedException {
        AdsClient envoy = ads.connect(nodeInCluster("well-behaved", "us-east"));
        envoy.subscribe(CLUSTER);
        DiscoveryResponse cds = envoy.await(CLUSTER);
        assertThat(names(cds)).containsExactly("backend-b");
        envoy.ack(cds);
        awaitAcked("well-behaved", "cds", cds.getVersionInfo());

        DeltaClient delta = ads.connectDelta(nodeInCluster("well-behaved-delta", "us-east"));
        delta.subscribe(CLUSTER);
        DeltaDiscoveryResponse deltaCds = delta.await(CLUSTER);
        assertThat(DeltaClient.names(deltaCds)).containsExactly("backend-b");
        delta.ack(deltaCds);
        awaitAcked("well-behaved-delta", "cds", deltaCds.getSystemVersionInfo());

        envoy.close();
        delta.close();
        awaitOpenStreams(hostileStreamsOpen);
    }

    private void awaitAcked(String nodeId, String type, String version) throws InterruptedException {
        ads.awaitStream(s -> nodeId.equals(s.nodeId()) && s.types().containsKey(type)
                && version.equals(s.types().get(type).lastAckedVersion()));
    }

    private void awaitOpenStreams(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ads.registry.streamCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ads.registry.statuses()).as("streams the status API lists").hasSize(count);
    }

    /** Waits until exactly {@code count} streams are open and all match; returns the first. */
    private StreamStatus awaitStreams(int count, Predicate<StreamStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<StreamStatus> statuses = ads.registry.statuses();
        while (!(statuses.size() == count && statuses.stream().allMatch(condition)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            statuses = ads.registry.statuses();
        }
        assertThat(statuses).hasSize(count).allMatch(condition);
        return statuses.get(0);
    }

    private TypeStatus cdsOf(Node node) {
        return ads.registry.statuses().stream().filter(s -> node.getId().equals(s.nodeId())).findFirst()
                .orElseThrow().types().get("cds");
    }

    private static void assertEnded(HostileStream<?, ?> stream, Status.Code code, String... why) {
        Status status = stream.awaitEnd();
        assertThat(status.getCode()).as("%s", status).isEqualTo(code);
        assertThat(status.getDescription()).contains(why);
    }

    private static Struct nested(int depth) {
        Struct struct = Struct.getDefaultInstance();
        for (int i = 0; i < depth; i++) {
            struct = Struct.newBuilder().putFields("deeper", Value.newBuilder().setStructValue(struct).build()).build();
        }
        return struct;
    }

    private static DiscoveryRequest.Builder ack(DiscoveryResponse response) {
        return DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setVersionInfo(response.getVersionInfo())
                .setResponseNonce(response.getNonce());
    }

    private static com.google.rpc.Status error(String message) {
        return com.google.rpc.Status.newBuilder().setCode(3).setMessage(message).build();
    }
}
