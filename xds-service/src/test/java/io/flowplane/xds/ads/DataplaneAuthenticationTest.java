package io.flowplane.xds.ads;

import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.testing.AdsClient.nodeInCluster;
import static io.flowplane.xds.testing.AdsClient.nodeWithDataplaneId;
import static io.flowplane.xds.testing.Fleets.SECRET_A;
import static io.flowplane.xds.testing.Fleets.SECRET_B;
import static io.flowplane.xds.testing.Fleets.twoDataplanes;
import static io.flowplane.xds.testing.Resources.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.binding.DataplaneAuthenticator;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.DeltaClient;
import io.grpc.Status;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every stream proves one dataplane and gets only that one's configuration. The server runs with the
 * application's interceptor on an in-process transport; credentials travel as call metadata, as Envoy's
 * initial_metadata sends them.
 */
class DataplaneAuthenticationTest {

    private AdsHarness ads;

    private AdsHarness start(boolean allowUnauthenticated, AdsLimits limits) throws Exception {
        ads = new AdsHarness(limits, new DataplaneAuthenticator(allowUnauthenticated));
        return ads;
    }

    private AdsHarness start() throws Exception {
        AdsHarness harness = start(false, AdsLimits.DEFAULT);
        harness.publish(twoDataplanes().build());
        return harness;
    }

    @AfterEach
    void stop() throws Exception {
        if (ads != null) {
            ads.close();
        }
    }

    @Test
    void aStreamWithoutACredentialIsRefusedAndKeepsNoState() throws Exception {
        start();
        AdsClient spoof = ads.connect(nodeWithDataplaneId("spoof", "x", "dp_a"));
        spoof.subscribe(LISTENER);
        DeltaClient deltaSpoof = ads.connectDelta(nodeInCluster("spoof-delta", "eu-west"), "Basic c3Bvb2Y=");
        deltaSpoof.subscribe(LISTENER);

        assertRefused(spoof, Status.Code.UNAUTHENTICATED, "no dataplane credential");
        assertRefused(deltaSpoof, Status.Code.UNAUTHENTICATED, "is not 'Bearer <dataplane credential>'");
        assertThat(ads.registry.streamCount()).isZero();
        assertThat(ads.events.refused).containsEntry(Status.Code.UNAUTHENTICATED, 2);
    }

    @Test
    void anUnknownCredentialIsRefused() throws Exception {
        start();
        AdsClient spoof = ads.connect(nodeWithDataplaneId("spoof", "x", "dp_a"), "Bearer fpdp_guessed");
        spoof.subscribe(LISTENER);

        assertRefused(spoof, Status.Code.UNAUTHENTICATED, "unknown, revoked or expired");
    }

    @Test
    void aCredentialGetsItsOwnDataplaneByMetadataOrByNodeClusterOrByItselfAlone() throws Exception {
        start();
        AdsClient byMetadata = ads.connect(nodeWithDataplaneId("a-1", "whatever", "dp_a"), "Bearer " + SECRET_A);
        AdsClient byCluster = ads.connect(nodeInCluster("a-2", "eu-west"), "Bearer " + SECRET_A);
        AdsClient byCredential = ads.connect(nodeInCluster("a-3", "unlisted"), "bearer " + SECRET_A);

        for (AdsClient envoy : new AdsClient[] {byMetadata, byCluster, byCredential}) {
            envoy.subscribe(LISTENER);
            assertThat(names(envoy.await(LISTENER))).containsExactly("ingress-a");
        }
        assertThat(ads.awaitStream("a-3", s -> s.bound()).authenticatedBy())
                .isEqualTo("credential dpc_dp_a_0 of dataplane dp_a");
    }

    @Test
    void aStreamClaimingAnotherDataplaneThanItsCredentialIsDeniedAndGetsNothing() throws Exception {
        start();
        AdsClient byMetadata = ads.connect(nodeWithDataplaneId("thief-1", "eu-west", "dp_b"), "Bearer " + SECRET_A);
        AdsClient byCluster = ads.connect(nodeInCluster("thief-2", "us-east"), "Bearer " + SECRET_A);
        DeltaClient delta = ads.connectDelta(nodeWithDataplaneId("thief-3", "x", "dp_b"), "Bearer " + SECRET_A);
        byMetadata.subscribe(LISTENER);
        byCluster.subscribe(LISTENER);
        delta.subscribe(LISTENER);

        assertRefused(byMetadata, Status.Code.PERMISSION_DENIED, "names dataplane 'dp_b'", "dataplane dp_a's");
        assertRefused(byCluster, Status.Code.PERMISSION_DENIED, "node cluster 'us-east' belongs to dataplane dp_b");
        assertRefused(delta, Status.Code.PERMISSION_DENIED, "names dataplane 'dp_b'");
    }

    @Test
    void revokingACredentialEndsItsStreams() throws Exception {
        start();
        AdsClient envoy = ads.connect(nodeWithDataplaneId("a-1", "eu-west", "dp_a"), "Bearer " + SECRET_A);
        envoy.subscribe(LISTENER);
        envoy.ack(envoy.await(LISTENER));
        AdsClient other = ads.connect(nodeWithDataplaneId("b-1", "us-east", "dp_b"), "Bearer " + SECRET_B);
        other.subscribe(LISTENER);
        other.await(LISTENER);

        ads.publish(twoDataplanes().withoutCredentials("dp_a").revision(2).build());

        assertRefused(envoy, Status.Code.UNAUTHENTICATED, "credential dpc_dp_a_0 of dataplane dp_a was revoked");
        assertThat(other.error()).as("dp_b's stream stays").isNull();
        assertThat(ads.registry.streamCount()).isEqualTo(1);
    }

    @Test
    void duringARotationBothCredentialsWorkAndTheOldOneEndsWithItsOverlap() throws Exception {
        start(false, AdsLimits.DEFAULT);
        Instant overlapEnds = Instant.now().plusMillis(1500);
        ads.publish(twoDataplanes().withoutCredentials("dp_a").credential("dp_a", "fpdp_old", overlapEnds)
                .credential("dp_a", "fpdp_new", null).build());
        AdsClient old = ads.connect(nodeWithDataplaneId("a-old", "eu-west", "dp_a"), "Bearer fpdp_old");
        AdsClient fresh = ads.connect(nodeWithDataplaneId("a-new", "eu-west", "dp_a"), "Bearer fpdp_new");
        old.subscribe(LISTENER);
        fresh.subscribe(LISTENER);
        assertThat(names(old.await(LISTENER))).containsExactly("ingress-a");
        assertThat(names(fresh.await(LISTENER))).containsExactly("ingress-a");

        Thread.sleep(Math.max(0, overlapEnds.toEpochMilli() - System.currentTimeMillis()) + 100);
        ads.ads.recheckStreams();

        assertRefused(old, Status.Code.UNAUTHENTICATED, "was revoked or has expired");
        assertThat(fresh.error()).isNull();
        AdsClient late = ads.connect(nodeWithDataplaneId("a-late", "eu-west", "dp_a"), "Bearer fpdp_old");
        late.subscribe(LISTENER);
        assertRefused(late, Status.Code.UNAUTHENTICATED, "unknown, revoked or expired");
    }

    @Test
    void streamLimitsPerDataplaneAndInAllAnswerResourceExhausted() throws Exception {
        start(false, new AdsLimits(10_000, 3, 2));
        ads.publish(twoDataplanes().build());
        // One at a time: streams opened together reach the server in any order, so any could be the refused one.
        AdsClient a1 = subscribed("a-1", "dp_a", SECRET_A);
        a1.await(LISTENER);
        subscribed("a-2", "dp_a", SECRET_A).await(LISTENER);
        assertRefused(subscribed("a-3", "dp_a", SECRET_A), Status.Code.RESOURCE_EXHAUSTED,
                "dataplane dp_a already has 2 ADS streams");
        subscribed("b-1", "dp_b", SECRET_B).await(LISTENER);
        assertRefused(subscribed("b-2", "dp_b", SECRET_B), Status.Code.RESOURCE_EXHAUSTED,
                "at most 3 ADS streams (xds.maxStreams)");
        a1.close();
        ads.awaitStream(s -> ads.registry.streamCount() == 2);
        AdsClient again = subscribed("a-4", "dp_a", SECRET_A);
        assertThat(names(again.await(LISTENER))).as("a closed stream frees its place").containsExactly("ingress-a");
    }

    @Test
    void withTheOptOutUnauthenticatedStreamsAreServedButNoFailoverWaitsForThem() throws Exception {
        start(true, AdsLimits.DEFAULT);
        ads.publish(twoDataplanes().build());
        AdsClient unauthenticated = ads.connect(nodeWithDataplaneId("never-acks", "x", "dp_a"));
        unauthenticated.subscribe(LISTENER);
        DiscoveryResponse lds = unauthenticated.await(LISTENER);
        assertThat(names(lds)).containsExactly("ingress-a");

        assertThat(ads.awaitStream("never-acks", s -> s.bound()).authenticatedBy()).startsWith("nothing");
        assertThat(ads.inSync()).as("a stream that proved nothing and never ACKs does not hold up in-sync checks")
                .isTrue();

        AdsClient authenticated = ads.connect(nodeWithDataplaneId("a-1", "x", "dp_a"), "Bearer " + SECRET_A);
        authenticated.subscribe(LISTENER);
        DiscoveryResponse owed = authenticated.await(LISTENER);
        assertThat(ads.inSync()).as("an authenticated stream that has not ACKed is waited for").isFalse();
        authenticated.ack(owed);
        ads.awaitStream("a-1", s -> s.types().get("lds").lastAckedVersion() != null);
        assertThat(ads.inSync()).isTrue();
    }

    private AdsClient subscribed(String nodeId, String dataplaneId, String secret) {
        AdsClient client = ads.connect(nodeWithDataplaneId(nodeId, "x", dataplaneId), "Bearer " + secret);
        client.subscribe(LISTENER);
        return client;
    }

    private static void assertRefused(io.flowplane.xds.testing.ScriptedStream<?, ?> stream, Status.Code code,
            String... why) {
        Status status = stream.awaitEnd();
        assertThat(status.getCode()).as("%s", status).isEqualTo(code);
        assertThat(status.getDescription()).contains(why);
        assertThat(stream.pending()).as("no resource reached a refused stream").isZero();
    }
}
