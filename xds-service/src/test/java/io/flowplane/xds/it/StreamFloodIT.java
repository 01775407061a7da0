package io.flowplane.xds.it;

import static io.flowplane.xds.snapshot.TypeUrls.CLUSTER;
import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.testing.AdsClient.nodeWithDataplaneId;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.flowplane.core.model.Cluster;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.Resources;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real xds-service (default settings, here with small stream limits) on real PostgreSQL, flooded over TCP by
 * grpc-java clients: streams that prove nothing are refused before they hold state, the limits answer
 * RESOURCE_EXHAUSTED, and an honest Envoy-like client is served all the while.
 */
class StreamFloodIT {
    private static final int FLOOD = 3000;

    private StoreDatabase db;
    private XdsServer xds;
    private Gateway gateway;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() {
        db = StoreDatabase.create();
        Gateway.team(db, "payments");
        gateway = Gateway.create(db, "payments", "eu", 8080, Ports.next());
        xds = XdsServer.start(db.primaryUrl, Map.of("xds.maxStreams", "50", "xds.maxStreamsPerDataplane", "3"));
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        xds.close();
        db.close();
    }

    private AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub() {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", xds.grpcPort).usePlaintext().build();
        channels.add(channel);
        return AggregatedDiscoveryServiceGrpc.newStub(channel);
    }

    @Test
    void aFloodOfUnauthenticatedStreamsIsRefusedWithoutStateAndTheHeapStaysBounded() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AdsClient honest = AdsClient.connect(AdsClient.withAuthorization(stub(), "Bearer " + gateway.credential()),
                nodeWithDataplaneId("honest", "eu", gateway.dataplane().id()));
        honest.subscribe(CLUSTER);
        honest.ack(honest.await(CLUSTER));
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();

        List<AdsClient> flood = new ArrayList<>();
        for (int channel = 0; channel < 10; channel++) {
            AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub = stub();
            for (int i = 0; i < FLOOD / 10; i++) {
                AdsClient spoof = AdsClient.connect(stub, nodeWithDataplaneId("flood-" + channel + "-" + i, "eu",
                        gateway.dataplane().id()));
                spoof.subscribe(LISTENER, "x".repeat(200));
                flood.add(spoof);
            }
        }
        for (AdsClient spoof : flood) {
            assertThat(spoof.awaitEnd().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(spoof.pending()).isZero();
        }
        assertThat(xds.metric("flowplane_xds_streams_refused_total", "code", "UNAUTHENTICATED")).isEqualTo(FLOOD);
        assertThat(xds.xdsStatus().json().path("streams")).as("only the honest stream is held").hasSize(1);
        flood.clear();
        System.gc();
        long grownBy = memory.getHeapMemoryUsage().getUsed() - heapBefore;
        assertThat(grownBy).as("heap growth after %s refused streams (bytes)", FLOOD).isLessThan(64L << 20);

        Cluster backend = db.clusters().find("payments", "eu-backend").orElseThrow();
        db.clusters().update(backend.id(), backend.endpoints(), 2000, null).orElseThrow();
        assertThat(Resources.names(honest.await(CLUSTER))).as("the honest stream still gets changes")
                .contains("eu-backend");
    }

    @Test
    void theStreamLimitsAnswerResourceExhaustedNamingTheSetting() {
        // One at a time: opened together, any one of the four may be the one refused.
        for (int i = 0; i < 3; i++) {
            AdsClient served = ownStream("own-" + i);
            assertThat(Resources.names(served.await(LISTENER))).containsExactly(gateway.listener().name());
        }
        Status fourth = ownStream("own-3").awaitEnd();
        assertThat(fourth.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(fourth.getDescription()).contains("already has 3 ADS streams").contains("xds.maxStreamsPerDataplane");
        Wait.until("the refusal counted", Duration.ofSeconds(10),
                () -> xds.metric("flowplane_xds_streams_refused_total", "code", "RESOURCE_EXHAUSTED") >= 1);
    }

    private AdsClient ownStream(String nodeId) {
        AdsClient client = AdsClient.connect(AdsClient.withAuthorization(stub(), "Bearer " + gateway.credential()),
                nodeWithDataplaneId(nodeId, "eu", gateway.dataplane().id()));
        client.subscribe(LISTENER);
        return client;
    }
}
