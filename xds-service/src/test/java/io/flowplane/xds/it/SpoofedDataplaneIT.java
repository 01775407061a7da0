package io.flowplane.xds.it;

import static io.flowplane.xds.snapshot.TypeUrls.CLUSTER;
import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.testing.AdsClient.nodeInCluster;
import static io.flowplane.xds.testing.AdsClient.nodeWithDataplaneId;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.flowplane.core.model.Dataplane;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.Resources;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real xds-service (default settings: credentials required) on real PostgreSQL; the spoofing client is
 * grpc-java over TCP, the honest one a real Envoy. Team "victim" has a dataplane whose listener, routes and
 * backend the attacker of team "attacker" must never see.
 */
class SpoofedDataplaneIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private StoreDatabase db;
    private XdsServer xds;
    private Upstream upstream;
    private ManagedChannel channel;
    private Gateway victim;
    private Gateway attacker;

    @BeforeEach
    void start() {
        db = StoreDatabase.create();
        Gateway.team(db, "victim");
        Gateway.team(db, "attacker");
        upstream = Upstream.answering("victim backend");
        victim = Gateway.create(db, "victim", "vic", upstream.port(), Ports.next());
        attacker = Gateway.create(db, "attacker", "att", 8080, Ports.next());
        Dataplane updated = db.dataplanes().update(victim.dataplane().id(), null, null, List.of("victim-nodes"), null)
                .orElseThrow();
        assertThat(updated.nodeClusters()).containsExactly("victim-nodes");
        xds = XdsServer.start(db.primaryUrl);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", xds.grpcPort).usePlaintext().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        xds.close();
        upstream.close();
        db.close();
    }

    private AdsClient spoof(io.envoyproxy.envoy.config.core.v3.Node node, String authorization) {
        AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
        return AdsClient.connect(authorization == null ? stub : AdsClient.withAuthorization(stub, authorization), node);
    }

    @Test
    void claimingAnotherTeamsDataplaneGetsARefusalAndNoResource() {
        String victimId = victim.dataplane().id();
        List<AdsClient> noCredential = List.of(
                spoof(nodeWithDataplaneId("by-metadata", "x", victimId), null),
                spoof(nodeInCluster("by-cluster", "victim-nodes"), null));
        List<AdsClient> attackersCredential = List.of(
                spoof(nodeWithDataplaneId("by-metadata-2", "x", victimId), "Bearer " + attacker.credential()),
                spoof(nodeInCluster("by-cluster-2", "victim-nodes"), "Bearer " + attacker.credential()));
        for (AdsClient client : concat(noCredential, attackersCredential)) {
            client.subscribe(CLUSTER);
            client.subscribe(LISTENER);
        }

        for (AdsClient client : noCredential) {
            Status status = client.awaitEnd();
            assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(client.pending()).isZero();
        }
        for (AdsClient client : attackersCredential) {
            Status status = client.awaitEnd();
            assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(status.getDescription()).contains("dataplane " + attacker.dataplane().id() + "'s");
            assertThat(client.pending()).isZero();
        }
        assertThat(xds.xdsStatus().json().path("streams")).as("no refused stream is kept").isEmpty();

        AdsClient honest = spoof(nodeWithDataplaneId("own", "x", attacker.dataplane().id()),
                "Bearer " + attacker.credential());
        honest.subscribe(LISTENER);
        assertThat(Resources.names(honest.await(LISTENER))).containsExactly(attacker.listener().name());
    }

    @Test
    void anEnvoyWithItsCredentialIsServedAndARevocationEndsItsStream() {
        try (Envoy envoy = AdsBootstrap.startEnvoy("victim-envoy", xds.grpcPort, victim.dataplane().id(),
                victim.credential(), false, null)) {
            Wait.until("traffic through the victim's Envoy", WAIT,
                    () -> victim.throughListener().get("/").status() == 200);
            assertThat(envoy.stat("control_plane.connected_state")).isEqualTo(1);

            db.dataplanes().setCredentials(victim.dataplane().id(), List.of());

            Wait.until("the Envoy's stream ended", WAIT, () -> envoy.stat("control_plane.connected_state") == 0);
            Wait.until("its reconnects refused", WAIT,
                    () -> xds.metric("flowplane_xds_streams_refused_total", "code", "UNAUTHENTICATED") >= 2);
            assertThat(xds.xdsStatus().json().path("streams")).isEmpty();
            assertThat(victim.throughListener().get("/").body())
                    .as("Envoy keeps its last configuration; only updates stop").isEqualTo("victim backend");
        }
    }

    private static List<AdsClient> concat(List<AdsClient> a, List<AdsClient> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
