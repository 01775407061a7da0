package io.flowplane.xds.ads;

import static io.flowplane.xds.ads.AdsHarness.sent;
import static io.flowplane.xds.snapshot.TypeUrls.CLUSTER;
import static io.flowplane.xds.snapshot.TypeUrls.ENDPOINT;
import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.snapshot.TypeUrls.ROUTE;
import static io.flowplane.xds.testing.AdsClient.nodeInCluster;
import static io.flowplane.xds.testing.AdsClient.nodeWithDataplaneId;
import static io.flowplane.xds.testing.Fleets.twoDataplanes;
import static io.flowplane.xds.testing.Resources.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.Fleets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdsServiceTest {
    private AdsHarness ads;

    @BeforeEach
    void start() throws Exception {
        ads = new AdsHarness();
    }

    @AfterEach
    void stop() throws Exception {
        ads.close();
    }

    /** Subscribes to all four types in Envoy's order and ACKs everything. */
    private Handshake handshake(AdsClient envoy, String routeConfig, String cluster) {
        envoy.subscribe(CLUSTER);
        DiscoveryResponse cds = envoy.await(CLUSTER);
        envoy.subscribe(ENDPOINT, cluster);
        DiscoveryResponse eds = envoy.await(ENDPOINT);
        envoy.ack(cds);
        envoy.subscribe(LISTENER);
        DiscoveryResponse lds = envoy.await(LISTENER);
        envoy.ack(eds, cluster);
        envoy.subscribe(ROUTE, routeConfig);
        DiscoveryResponse rds = envoy.await(ROUTE);
        envoy.ack(lds);
        envoy.ack(rds, routeConfig);
        for (DiscoveryResponse response : List.of(cds, eds, lds, rds)) {
            awaitAcked(response);
        }
        return new Handshake(cds, eds, lds, rds);
    }

    /** An ACK racing a later push would be stale; tests that publish next wait for it first. */
    private void awaitAcked(DiscoveryResponse response) {
        try {
            ads.awaitStream(s -> s.types().values().stream().anyMatch(t -> t.typeUrl().equals(response.getTypeUrl())
                    && response.getVersionInfo().equals(t.lastAckedVersion())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private record Handshake(DiscoveryResponse cds, DiscoveryResponse eds, DiscoveryResponse lds,
            DiscoveryResponse rds) {}

    @Test
    void nothingIsServedBeforeTheFirstSnapshot() throws Exception {
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        envoy.subscribe(LISTENER);

        assertThat(sent(ads.awaitStream("envoy-1", s -> s.types().keySet().containsAll(List.of("cds", "lds")))))
                .as("both requests handled, nothing sent").isEqualTo(Map.of("cds", 0L, "lds", 0L));

        ads.publish(twoDataplanes().build());
        DiscoveryResponse cds = envoy.await(CLUSTER);
        assertThat(names(cds)).containsExactly("backend-a");
        assertThat(names(envoy.await(LISTENER))).containsExactly("ingress-a");
    }

    @Test
    void anAckedVersionIsNotSentAgain() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        DiscoveryResponse cds = envoy.await(CLUSTER);

        envoy.ack(cds);
        awaitAcked(cds);
        ads.publish(twoDataplanes().revision(2).build());

        assertThat(ads.sentOnceHandled("envoy-1", 2)).isEqualTo(Map.of("cds", 1L));
    }

    @Test
    void nothingIsSentWhenOnlyAnotherDataplaneChanged() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-a", "eu-west"));
        handshake(envoy, "routes-a", "backend-a");
        assertThat(sent(ads.awaitStream("envoy-a", s -> true))).isEqualTo(Map.of("cds", 1L, "eds", 1L, "lds", 1L, "rds", 1L));

        ads.publish(twoDataplanes().revision(2)
                .cluster("payments", "backend-b", new Endpoint("other-b.internal", 9090))
                .listener("payments", "ingress-b", 10001, "dp_b", "routes-b")
                .build());

        assertThat(ads.sentOnceHandled("envoy-a", 2)).isEqualTo(Map.of("cds", 1L, "eds", 1L, "lds", 1L, "rds", 1L));
    }

    @Test
    void aNackIsRecordedAndTheRejectedVersionIsNeverResent() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        DiscoveryResponse accepted = envoy.await(CLUSTER);
        envoy.ack(accepted);
        awaitAcked(accepted);

        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        DiscoveryResponse rejected = envoy.await(CLUSTER);
        assertThat(rejected.getVersionInfo()).isNotEqualTo(accepted.getVersionInfo());
        envoy.nack(rejected, accepted.getVersionInfo(), "connect_timeout must be positive");

        StreamStatus status = ads.awaitStream(s -> s.types().get("cds").lastNack() != null);
        TypeStatus cds = status.types().get("cds");
        assertThat(cds.lastNack().version()).isEqualTo(rejected.getVersionInfo());
        assertThat(cds.lastNack().message()).isEqualTo("connect_timeout must be positive");
        assertThat(cds.lastNack().at()).isNotNull();
        assertThat(cds.lastAckedVersion()).isEqualTo(accepted.getVersionInfo());
        assertThat(ads.events.nacks(CLUSTER)).isEqualTo(1);
        assertThat(cds.responsesSent()).as("the NACK handled, nothing resent").isEqualTo(2);

        // The same broken content at a later revision is still not sent.
        ads.publish(twoDataplanes().revision(3).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        assertThat(ads.sentOnceHandled("envoy-1", 3)).isEqualTo(Map.of("cds", 2L));

        // A fix is sent.
        ads.publish(twoDataplanes().revision(4).cluster("payments", "backend-a", 250, new Endpoint("10.0.0.1", 8080))
                .build());
        DiscoveryResponse fixed = envoy.await(CLUSTER);
        assertThat(fixed.getVersionInfo()).isNotIn(accepted.getVersionInfo(), rejected.getVersionInfo());
        envoy.ack(fixed);
        awaitAcked(fixed);

        // Going back to the rejected content does not send it again.
        ads.publish(twoDataplanes().revision(5).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        assertThat(ads.sentOnceHandled("envoy-1", 5)).isEqualTo(Map.of("cds", 3L));
        assertThat(ads.events.pushes.get(CLUSTER).get()).isEqualTo(3);
    }

    @Test
    void aStaleNonceIsIgnoredAndTheStreamKeepsWorking() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(ROUTE, "routes-a");
        DiscoveryResponse first = envoy.await(ROUTE);

        ads.publish(twoDataplanes().revision(2).routeConfig("payments", "routes-a", "backend-b").build());
        DiscoveryResponse second = envoy.await(ROUTE);
        assertThat(second.getNonce()).isNotEqualTo(first.getNonce());

        // Envoy answers the first response after the second was sent: stale, as NACK and as ACK.
        envoy.nack(first, "", "late complaint", "routes-a");
        envoy.ack(first, "routes-a", "routes-b");

        envoy.ack(second, "routes-a");
        StreamStatus status = ads.awaitStream(
                s -> second.getVersionInfo().equals(s.types().get("rds").lastAckedVersion()));
        assertThat(status.types().get("rds").lastNack()).isNull();
        assertThat(status.types().get("rds").subscribed()).containsExactly("routes-a");
        assertThat(ads.events.nacks(ROUTE)).isZero();
        // Handled after the two stale requests: had either made the server answer, it would show here.
        assertThat(sent(status)).isEqualTo(Map.of("rds", 2L));
    }

    @Test
    void lastAckedAtIsWhenTheLatestResponseWasAckedAndNothingElseMovesIt() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(ROUTE, "routes-a");
        DiscoveryResponse first = envoy.await(ROUTE);
        assertThat(rds().lastAckedAt()).as("sent, not yet ACKed").isNull();

        Instant beforeAck = Instant.now().truncatedTo(ChronoUnit.MICROS);
        envoy.ack(first, "routes-a");
        awaitAcked(first);
        Instant ackedAt = rds().lastAckedAt();
        assertThat(ackedAt).isBetween(beforeAck, Instant.now());

        // Envoy repeats the nonce it ACKed when it changes its subscription: that accepts nothing new.
        envoy.ack(first, "routes-a", "routes-new");
        ads.awaitStream(s -> s.types().get("rds").subscribed().contains("routes-new"));
        assertThat(rds().lastAckedAt()).isEqualTo(ackedAt);

        ads.publish(twoDataplanes().revision(2).routeConfig("payments", "routes-a", "backend-b").build());
        DiscoveryResponse second = envoy.await(ROUTE);
        envoy.ack(first, "routes-a"); // stale: answers the first response after the second was sent
        envoy.nack(second, first.getVersionInfo(), "unknown cluster", "routes-a");
        ads.awaitStream(s -> s.types().get("rds").lastNack() != null);

        assertThat(rds().lastAckedAt()).as("after a stale ACK and a NACK").isEqualTo(ackedAt);
        assertThat(rds().lastAckedVersion()).isEqualTo(first.getVersionInfo());
    }

    private TypeStatus rds() throws InterruptedException {
        return ads.awaitStream(s -> s.types().containsKey("rds")).types().get("rds");
    }

    @Test
    void aRouteConfigurationSubscribedBeforeItExistsIsSentWhenItAppears() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(ROUTE, "routes-new");
        assertThat(sent(ads.awaitStream("envoy-1", s -> s.types().containsKey("rds")))).isEqualTo(Map.of("rds", 0L));

        ads.publish(twoDataplanes().revision(2)
                .listener("payments", "ingress-new", 10001, "dp_a", "routes-new")
                .routeConfig("payments", "routes-new", "backend-a")
                .build());

        assertThat(names(envoy.await(ROUTE))).containsExactly("routes-new");
    }

    @Test
    void endpointsSubscribedBeforeTheyExistAreSentWhenTheyAppear() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(ENDPOINT, "backend-a", "backend-new");
        DiscoveryResponse existing = envoy.await(ENDPOINT);
        assertThat(names(existing)).containsExactly("backend-a");
        envoy.ack(existing, "backend-a", "backend-new");
        awaitAcked(existing);
        assertThat(sent(ads.awaitStream("envoy-1", s -> true))).isEqualTo(Map.of("eds", 1L));

        ads.publish(twoDataplanes().revision(2)
                .routeConfig("payments", "routes-a", new VirtualHost("default", List.of("*"), List.of(
                        new RouteRule("/new", null, "backend-new", null),
                        new RouteRule("/", null, "backend-a", null))))
                .cluster("payments", "backend-new", new Endpoint("10.0.0.9", 80))
                .build());

        assertThat(names(envoy.await(ENDPOINT))).containsExactly("backend-a", "backend-new");
    }

    @Test
    void changesArePushedClustersFirstThenEndpointsListenersAndRoutes() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        handshake(envoy, "routes-a", "backend-a");
        assertThat(sent(ads.awaitStream("envoy-1", s -> true))).isEqualTo(Map.of("cds", 1L, "eds", 1L, "lds", 1L, "rds", 1L));

        ads.publish(twoDataplanes().revision(2)
                .cluster("payments", "backend-a", 2000, new Endpoint("10.0.0.2", 8080))
                .listener("payments", "ingress-a", 10002, "dp_a", "routes-a")
                .routeConfig("payments", "routes-a", new VirtualHost("default", List.of("a.example.com"),
                        List.of(new RouteRule("/", null, "backend-a", 5000L))))
                .build());

        List<String> order = List.of(envoy.await().getTypeUrl(), envoy.await().getTypeUrl(),
                envoy.await().getTypeUrl(), envoy.await().getTypeUrl());
        assertThat(order).containsExactly(CLUSTER, ENDPOINT, LISTENER, ROUTE);
    }

    @Test
    void aClusterUpdateIsFollowedByAnEndpointResponseEvenIfEndpointsDidNotChange() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        Handshake first = handshake(envoy, "routes-a", "backend-a");

        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 3000, new Endpoint("10.0.0.1", 8080))
                .build());
        DiscoveryResponse cds = envoy.await(CLUSTER);
        assertThat(ads.sentOnceHandled("envoy-1", 2)).as("endpoints wait until Envoy asks")
                .isEqualTo(Map.of("cds", 2L, "eds", 1L, "lds", 1L, "rds", 1L));

        // Envoy warms the updated cluster and asks for its endpoints again.
        envoy.ack(cds);
        envoy.ack(first.eds(), "backend-a");
        DiscoveryResponse eds = envoy.await(ENDPOINT);
        assertThat(eds.getVersionInfo()).isEqualTo(first.eds().getVersionInfo());
        assertThat(eds.getNonce()).isNotEqualTo(first.eds().getNonce());

        Instant edsAckedBefore = ads.awaitStream("envoy-1", s -> true).types().get("eds").lastAckedAt();
        envoy.ack(eds, "backend-a");
        StreamStatus acked = ads.awaitStream("envoy-1", s -> s.types().get("eds").lastAckedAt().isAfter(edsAckedBefore));
        assertThat(sent(acked)).isEqualTo(Map.of("cds", 2L, "eds", 2L, "lds", 1L, "rds", 1L));
    }

    @Test
    void afterAReconnectAChangedClusterIsFollowedByItsUnchangedEndpoints() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        Handshake held = handshake(envoy, "routes-a", "backend-a");
        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 3000, new Endpoint("10.0.0.1", 8080))
                .build());
        envoy.await(CLUSTER);

        // A restarted Envoy stream still holds the old cluster; it gets the new one, then (warming) endpoints.
        AdsClient reconnected = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        reconnected.resubscribe(CLUSTER, held.cds().getVersionInfo());
        reconnected.await(CLUSTER);
        reconnected.resubscribe(ENDPOINT, held.eds().getVersionInfo(), "backend-a");
        DiscoveryResponse eds = reconnected.await(ENDPOINT);
        assertThat(eds.getVersionInfo()).isEqualTo(held.eds().getVersionInfo());
    }

    @Test
    void anEnvoyReconnectingWithTheCurrentVersionGetsNothingAgain() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        Handshake held = handshake(envoy, "routes-a", "backend-a");

        AdsClient reconnected = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        reconnected.resubscribe(CLUSTER, held.cds().getVersionInfo());
        reconnected.resubscribe(ENDPOINT, held.eds().getVersionInfo(), "backend-a");
        reconnected.resubscribe(LISTENER, held.lds().getVersionInfo());
        reconnected.resubscribe(ROUTE, "stale-version", "routes-a");

        DiscoveryResponse rds = reconnected.await(ROUTE);
        assertThat(rds.getVersionInfo()).isEqualTo(held.rds().getVersionInfo());
        assertThat(sent(ads.awaitStream("envoy-1", s -> s.types().size() == 4))).as("only the stale route configuration")
                .isEqualTo(Map.of("cds", 0L, "eds", 0L, "lds", 0L, "rds", 1L));
    }

    @Test
    void eachDataplaneSeesOnlyItsOwnListeners() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoyA = ads.connect(nodeInCluster("envoy-a", "eu-west"));
        AdsClient envoyB = ads.connect(nodeWithDataplaneId("envoy-b", "whatever", "dp_b"));

        envoyA.subscribe(LISTENER);
        envoyB.subscribe(LISTENER);
        envoyA.subscribe(CLUSTER);

        assertThat(names(envoyA.await(LISTENER))).containsExactly("ingress-a");
        assertThat(names(envoyB.await(LISTENER))).containsExactly("ingress-b");
        assertThat(names(envoyA.await(CLUSTER))).containsExactly("backend-a");
    }

    @Test
    void anUnboundNodeGetsNothingAndIsReportedWithTheReason() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient stranger = ads.connect(nodeInCluster("envoy-x", "nowhere"));
        AdsClient typo = ads.connect(nodeWithDataplaneId("envoy-y", "eu-west", "dp_typo"));
        stranger.subscribe(LISTENER);
        stranger.subscribe(CLUSTER);
        typo.subscribe(LISTENER);

        StreamStatus strangerStatus = ads.awaitStream("envoy-x", s -> s.types().keySet().containsAll(List.of("lds", "cds")));
        assertThat(sent(strangerStatus)).isEqualTo(Map.of("cds", 0L, "lds", 0L));
        assertThat(sent(ads.awaitStream("envoy-y", s -> s.types().containsKey("lds")))).isEqualTo(Map.of("lds", 0L));
        assertThat(strangerStatus.bound()).isFalse();
        assertThat(strangerStatus.dataplaneId()).isNull();
        assertThat(strangerStatus.unboundReason()).contains("no dataplane lists node cluster 'nowhere'");
        StreamStatus typoStatus = ads.awaitStream(s -> "envoy-y".equals(s.nodeId()));
        assertThat(typoStatus.unboundReason()).contains("dp_typo").contains("unknown");
        assertThat(ads.registry.connectedDataplanes()).isZero();
    }

    @Test
    void aNodeBecomesBoundWhenItsDataplaneIsCreated() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-c", "ap-south"));
        envoy.subscribe(LISTENER);
        assertThat(sent(ads.awaitStream("envoy-c", s -> s.types().containsKey("lds")))).isEqualTo(Map.of("lds", 0L));

        ads.publish(twoDataplanes().revision(2).dataplane("dp_c", "payments", "ap-south")
                .listener("payments", "ingress-c", 10000, "dp_c", "routes-a").build());

        assertThat(names(envoy.await(LISTENER))).containsExactly("ingress-c");
    }

    @Test
    void connectedDataplanesCountsDistinctBoundDataplanes() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient a1 = ads.connect(nodeInCluster("envoy-a1", "eu-west"));
        AdsClient a2 = ads.connect(nodeInCluster("envoy-a2", "eu-west"));
        AdsClient b1 = ads.connect(nodeInCluster("envoy-b1", "us-east"));
        AdsClient stranger = ads.connect(nodeInCluster("envoy-x", "nowhere"));
        for (AdsClient envoy : List.of(a1, a2, b1, stranger)) {
            envoy.subscribe(LISTENER);
        }
        a1.await(LISTENER);
        a2.await(LISTENER);
        b1.await(LISTENER);
        ads.awaitStream(s -> "envoy-x".equals(s.nodeId()));

        assertThat(ads.registry.streamCount()).isEqualTo(4);
        assertThat(ads.registry.connectedDataplanes()).isEqualTo(2);
    }

    @Test
    void dataplanesAreInSyncOnlyWhenEveryBoundStreamAckedTheCurrentVersions() throws Exception {
        ads.publish(twoDataplanes().build());
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"), "Bearer " + Fleets.SECRET_A);
        ads.connect(nodeInCluster("envoy-x", "nowhere")).subscribe(LISTENER);
        Handshake held = handshake(envoy, "routes-a", "backend-a");
        assertThat(ads.inSync()).isTrue();

        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        DiscoveryResponse rejected = envoy.await(CLUSTER);
        assertThat(ads.inSync()).as("sent, not yet ACKed").isFalse();

        envoy.nack(rejected, held.cds().getVersionInfo(), "connect_timeout must be positive");
        ads.awaitStream(s -> s.types().containsKey("cds") && s.types().get("cds").lastNack() != null);
        assertThat(ads.inSync()).as("current version rejected").isFalse();

        ads.publish(twoDataplanes().revision(3).build());
        assertThat(ads.sentOnceHandled("envoy-1", 3).get("cds")).as("Envoy still holds the revision 1 cluster").isEqualTo(2L);
        assertThat(ads.inSync()).isTrue();
    }

    @Test
    void theAckOfAChangeDrivenPushReportsTheTimeSinceTheCommit() throws Exception {
        ads.publish(twoDataplanes().build(), Instant.now().minusSeconds(3600));
        AdsClient envoy = ads.connect(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        DiscoveryResponse initial = envoy.await(CLUSTER);
        envoy.ack(initial);
        awaitAcked(initial);
        assertThat(ads.events.synced).as("an initial answer is not a propagated change").isEmpty();

        Instant committed = Instant.now().minusSeconds(2);
        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 2000, new Endpoint("10.0.0.1", 8080))
                .build(), committed);
        DiscoveryResponse pushed = envoy.await(CLUSTER);
        assertThat(ads.events.synced).isEmpty();
        envoy.ack(pushed);
        awaitAcked(pushed);

        assertThat(ads.events.synced).hasSize(1);
        assertThat(ads.events.synced.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                .isLessThan(Duration.ofSeconds(3600));
    }
}
