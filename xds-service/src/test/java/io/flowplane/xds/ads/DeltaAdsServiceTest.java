package io.flowplane.xds.ads;

import static io.flowplane.xds.ads.AdsHarness.sent;
import static io.flowplane.xds.snapshot.TypeUrls.CLUSTER;
import static io.flowplane.xds.snapshot.TypeUrls.ENDPOINT;
import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.snapshot.TypeUrls.ROUTE;
import static io.flowplane.xds.testing.AdsClient.nodeInCluster;
import static io.flowplane.xds.testing.DeltaClient.names;
import static io.flowplane.xds.testing.DeltaClient.versions;
import static io.flowplane.xds.testing.Fleets.twoDataplanes;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.xds.testing.DeltaClient;
import io.flowplane.xds.testing.Fleets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeltaAdsServiceTest {
    private AdsHarness ads;

    @BeforeEach
    void start() throws Exception {
        ads = new AdsHarness();
    }

    @AfterEach
    void stop() throws Exception {
        ads.close();
    }

    private DeltaDiscoveryResponse acked(DeltaClient client, DeltaDiscoveryResponse response) throws Exception {
        client.ack(response);
        ads.awaitStream(s -> s.types().values().stream().anyMatch(t -> t.typeUrl().equals(response.getTypeUrl())
                && response.getSystemVersionInfo().equals(t.lastAckedVersion())));
        return response;
    }

    /** dp_a with a second listener "ingress-old" → "routes-old" → "backend-old". */
    private static Fleets withOldChain() {
        return twoDataplanes()
                .listener("payments", "ingress-old", 10001, "dp_a", "routes-old")
                .routeConfig("payments", "routes-old", "backend-old")
                .cluster("payments", "backend-old", new Endpoint("10.0.0.7", 8080));
    }

    @Test
    void aWildcardSubscriptionGetsEverythingThenOnlyWhatChanged() throws Exception {
        ads.publish(withOldChain().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(LISTENER);
        DeltaDiscoveryResponse first = acked(envoy, envoy.await(LISTENER));
        assertThat(names(first)).containsExactly("ingress-a", "ingress-old");
        assertThat(first.getRemovedResourcesList()).isEmpty();

        ads.publish(withOldChain().revision(2).listener("payments", "ingress-a", 10002, "dp_a", "routes-a").build());

        DeltaDiscoveryResponse update = envoy.await(LISTENER);
        assertThat(names(update)).containsExactly("ingress-a");
        assertThat(versions(update).get("ingress-a")).isNotEqualTo(versions(first).get("ingress-a"));
        assertThat(update.getRemovedResourcesList()).isEmpty();
        assertThat(update.getNonce()).isNotEqualTo(first.getNonce());
        acked(envoy, update);
        assertThat(sent(ads.awaitStream("envoy-1", s -> true))).as("the ACK handled, nothing more sent").isEqualTo(Map.of("lds", 2L));
    }

    @Test
    void aDeletedListenerIsSentAsRemoved() throws Exception {
        ads.publish(withOldChain().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(LISTENER);
        acked(envoy, envoy.await(LISTENER));

        ads.publish(twoDataplanes().revision(2).build());

        DeltaDiscoveryResponse removal = envoy.await(LISTENER);
        assertThat(removal.getResourcesList()).isEmpty();
        assertThat(removal.getRemovedResourcesList()).containsExactly("ingress-old");
        acked(envoy, removal);
        assertThat(sent(ads.awaitStream("envoy-1", s -> true))).isEqualTo(Map.of("lds", 2L));
    }

    @Test
    void aReconnectingClientIsSentOnlyWhatItLacksAndLosesWhatWasDeleted() throws Exception {
        ads.publish(withOldChain().build());
        DeltaClient before = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        before.subscribe(LISTENER);
        Map<String, String> held = versions(acked(before, before.await(LISTENER)));
        before.close();

        // The control plane restarts on a configuration where ingress-old was deleted meanwhile.
        ads.publish(twoDataplanes().revision(2).build());
        DeltaClient after = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        after.resubscribe(LISTENER, held);

        DeltaDiscoveryResponse response = after.await(LISTENER);
        assertThat(response.getResourcesList()).as("ingress-a is held at its current version").isEmpty();
        assertThat(response.getRemovedResourcesList()).containsExactly("ingress-old");
        acked(after, response);
        assertThat(sent(ads.awaitStream("envoy-1", s -> true))).isEqualTo(Map.of("lds", 1L));
        assertThat(ads.inSync()).isTrue();
    }

    @Test
    void aReconnectingClientHoldingAnOutdatedVersionGetsTheCurrentOne() throws Exception {
        ads.publish(twoDataplanes().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.resubscribe(ROUTE, Map.of("routes-a", "some-old-digest"), "routes-a");

        assertThat(names(envoy.await(ROUTE))).containsExactly("routes-a");
    }

    @Test
    void namedSubscriptionsFollowSubscribeAndUnsubscribe() throws Exception {
        ads.publish(twoDataplanes().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(ROUTE, "routes-a", "routes-new");
        DeltaDiscoveryResponse first = acked(envoy, envoy.await(ROUTE));
        assertThat(names(first)).containsExactly("routes-a");

        envoy.unsubscribe(ROUTE, "routes-a");
        assertThat(sent(ads.awaitStream("envoy-1", s -> List.of("routes-new").equals(s.types().get("rds").subscribed()))))
                .as("an unsubscribed resource is not removed by the server").isEqualTo(Map.of("rds", 1L));

        ads.publish(twoDataplanes().revision(2)
                .listener("payments", "ingress-new", 10001, "dp_a", "routes-new")
                .routeConfig("payments", "routes-new", "backend-a")
                .routeConfig("payments", "routes-a", "backend-b")
                .build());
        DeltaDiscoveryResponse appeared = envoy.await(ROUTE);
        assertThat(names(appeared)).as("only the still subscribed name").containsExactly("routes-new");
        assertThat(appeared.getRemovedResourcesList()).isEmpty();
    }

    @Test
    void aNackIsRecordedAndTheRejectedResourceVersionsAreNeverResent() throws Exception {
        ads.publish(twoDataplanes().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"), "Bearer " + Fleets.SECRET_A);
        envoy.subscribe(CLUSTER);
        DeltaDiscoveryResponse accepted = acked(envoy, envoy.await(CLUSTER));

        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        DeltaDiscoveryResponse rejected = envoy.await(CLUSTER);
        envoy.nack(rejected, "connect_timeout must be positive");

        StreamStatus status = ads.awaitStream(s -> s.types().get("cds").lastNack() != null);
        assertThat(status.protocol()).isEqualTo("delta");
        TypeStatus cds = status.types().get("cds");
        assertThat(cds.lastNack().version()).isEqualTo(rejected.getSystemVersionInfo());
        assertThat(cds.lastNack().message()).isEqualTo("connect_timeout must be positive");
        assertThat(cds.lastAckedVersion()).isEqualTo(accepted.getSystemVersionInfo());
        assertThat(ads.events.nacks(CLUSTER)).isEqualTo(1);
        assertThat(ads.inSync()).isFalse();

        ads.publish(twoDataplanes().revision(3).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        assertThat(ads.sentOnceHandled("envoy-1", 3)).isEqualTo(Map.of("cds", 2L));

        ads.publish(twoDataplanes().revision(4).build());
        assertThat(ads.sentOnceHandled("envoy-1", 4)).as("the client still holds the accepted version").isEqualTo(Map.of("cds", 2L));

        ads.publish(twoDataplanes().revision(5).cluster("payments", "backend-a", 250, new Endpoint("10.0.0.1", 8080))
                .build());
        assertThat(names(envoy.await(CLUSTER))).containsExactly("backend-a");
        assertThat(ads.sentOnceHandled("envoy-1", 5)).isEqualTo(Map.of("cds", 3L));
    }

    @Test
    void lastAckedAtIsWhenAResponseWasAckedAndNeitherAStaleNonceNorANackMovesIt() throws Exception {
        ads.publish(twoDataplanes().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        DeltaDiscoveryResponse accepted = envoy.await(CLUSTER);
        assertThat(cds().lastAckedAt()).as("sent, not yet ACKed").isNull();

        Instant beforeAck = Instant.now().truncatedTo(ChronoUnit.MICROS);
        acked(envoy, accepted);
        Instant ackedAt = cds().lastAckedAt();
        assertThat(ackedAt).isBetween(beforeAck, Instant.now());

        envoy.ack(accepted); // its nonce was answered already: stale
        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 0, new Endpoint("10.0.0.1", 8080))
                .build());
        envoy.nack(envoy.await(CLUSTER), "connect_timeout must be positive");
        ads.awaitStream(s -> s.types().get("cds").lastNack() != null);

        assertThat(cds().lastAckedAt()).as("after a stale ACK and a NACK").isEqualTo(ackedAt);
        assertThat(cds().lastAckedVersion()).isEqualTo(accepted.getSystemVersionInfo());
    }

    private TypeStatus cds() throws InterruptedException {
        return ads.awaitStream(s -> s.types().containsKey("cds")).types().get("cds");
    }

    @Test
    void subscriptionChangesCountEvenWithAStaleNonce() throws Exception {
        ads.publish(twoDataplanes().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(ENDPOINT, "backend-a");
        envoy.await(ENDPOINT);

        envoy.send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(ENDPOINT).setResponseNonce("999")
                .addResourceNamesSubscribe("backend-new"));
        assertThat(sent(ads.awaitStream("envoy-1", s -> s.types().get("eds").subscribed().contains("backend-new"))))
                .as("nothing to send for a name that does not exist yet").isEqualTo(Map.of("eds", 1L));
        ads.publish(twoDataplanes().revision(2)
                .routeConfig("payments", "routes-a", new VirtualHost("default", List.of("*"), List.of(
                        new RouteRule("/new", null, "backend-new", null),
                        new RouteRule("/", null, "backend-a", null))))
                .cluster("payments", "backend-new", new Endpoint("10.0.0.9", 80))
                .build());

        assertThat(names(envoy.await(ENDPOINT))).containsExactly("backend-new");
    }

    @Test
    void changesAreAddedClustersFirstAndRemovedListenersFirst() throws Exception {
        ads.publish(withOldChain().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        acked(envoy, envoy.await(CLUSTER));
        envoy.subscribe(ENDPOINT, "backend-a", "backend-old");
        acked(envoy, envoy.await(ENDPOINT));
        envoy.subscribe(LISTENER);
        acked(envoy, envoy.await(LISTENER));
        envoy.subscribe(ROUTE, "routes-a", "routes-old");
        acked(envoy, envoy.await(ROUTE));

        ads.publish(twoDataplanes().revision(2)
                .cluster("payments", "backend-a", 2000, new Endpoint("10.0.0.2", 8080))
                .listener("payments", "ingress-a", 10002, "dp_a", "routes-a")
                .routeConfig("payments", "routes-a", new VirtualHost("default", List.of("a.example.com"),
                        List.of(new RouteRule("/", null, "backend-a", 5000L))))
                .build());

        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            DeltaDiscoveryResponse response = envoy.await(List.of(CLUSTER, ENDPOINT, LISTENER, ROUTE).get(
                    i < 4 ? i : List.of(2, 3, 0, 1).get(i - 4)));
            sequence.add(response.getResourcesCount() > 0
                    ? "update " + names(response) : "remove " + response.getRemovedResourcesList());
        }
        assertThat(sequence).containsExactly(
                "update [backend-a]", "update [backend-a]", "update [ingress-a]", "update [routes-a]",
                "remove [ingress-old]", "remove [routes-old]", "remove [backend-old]", "remove [backend-old]");
    }

    @Test
    void anEmptyWildcardSubscriptionIsAnsweredSoTheClientCanFinishStarting() {
        ads.publish(twoDataplanes().dataplane("dp_empty", "payments", "empty").build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-e", "empty"));
        envoy.subscribe(LISTENER);

        DeltaDiscoveryResponse response = envoy.await(LISTENER);
        assertThat(response.getResourcesList()).isEmpty();
        assertThat(response.getRemovedResourcesList()).isEmpty();
    }

    @Test
    void anUpdatedClusterIsFollowedByItsEndpointsEvenIfTheyDidNotChange() throws Exception {
        ads.publish(twoDataplanes().build());
        DeltaClient envoy = ads.connectDelta(nodeInCluster("envoy-1", "eu-west"));
        envoy.subscribe(CLUSTER);
        acked(envoy, envoy.await(CLUSTER));
        envoy.subscribe(ENDPOINT, "backend-a");
        DeltaDiscoveryResponse endpoints = acked(envoy, envoy.await(ENDPOINT));

        ads.publish(twoDataplanes().revision(2).cluster("payments", "backend-a", 3000, new Endpoint("10.0.0.1", 8080))
                .build());

        assertThat(names(envoy.await(CLUSTER))).containsExactly("backend-a");
        DeltaDiscoveryResponse again = envoy.await(ENDPOINT);
        assertThat(versions(again)).isEqualTo(versions(endpoints));
        assertThat(ads.sentOnceHandled("envoy-1", 2)).isEqualTo(Map.of("cds", 2L, "eds", 2L));
    }
}
