package io.flowplane.xds.grpcclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.flowplane.core.model.Dataplane;
import io.flowplane.xds.ads.AdsEvents;
import io.flowplane.xds.ads.AdsService;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.ads.StreamStatus;
import io.flowplane.xds.snapshot.DataplaneSnapshot;
import io.flowplane.xds.snapshot.EnvoyResources;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.Protos;
import io.flowplane.xds.snapshot.ResourceSet;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.snapshot.VersionedResource;
import io.flowplane.xds.source.SnapshotHolder;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC's own xDS client (grpc-xds) as a second, independent ADS client: it resolves {@code xds:///greeter}
 * through our server and calls a real gRPC server at the endpoint it was given. The snapshot is built
 * here: Flowplane's builder emits socket listeners only, and gRPC needs an api_listener.
 */
class GrpcXdsClientTest {
    private static final String TARGET = "greeter";
    private static final String ROUTES = "greeter-routes";
    private static final String CLUSTER = "greeter-backend";
    private static final String DATAPLANE = "dp_grpc";

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final StreamRegistry streams = new StreamRegistry();
    private Server backend;
    private Server xds;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        backend = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new HealthStatusManager().getHealthService())
                .build()
                .start();
        SnapshotHolder snapshots = new SnapshotHolder();
        snapshots.publish(snapshot(backend.getPort()));
        xds = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new AdsService(snapshots, workers, AdsEvents.NONE, Clock.systemUTC(), streams))
                .build()
                .start();
        System.setProperty("io.grpc.xds.bootstrapConfig", """
                {"xds_servers": [{"server_uri": "127.0.0.1:%d", "channel_creds": [{"type": "insecure"}],
                  "server_features": ["xds_v3"]}],
                 "node": {"id": "grpc-client-1", "cluster": "grpc-clients",
                          "metadata": {"flowplane_dataplane_id": "%s"}}}""".formatted(xds.getPort(), DATAPLANE));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
        }
        xds.shutdownNow();
        backend.shutdownNow();
        workers.shutdownNow();
        System.clearProperty("io.grpc.xds.bootstrapConfig");
    }

    @Test
    void aGrpcClientResolvesItsTargetThroughAdsAndReachesTheEndpoint() {
        channel = Grpc.newChannelBuilder("xds:///" + TARGET, InsecureChannelCredentials.create()).build();

        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .withWaitForReady()
                .check(HealthCheckRequest.getDefaultInstance());

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        StreamStatus stream = streams.statuses().get(0);
        assertThat(stream.nodeId()).isEqualTo("grpc-client-1");
        assertThat(stream.dataplaneId()).isEqualTo(DATAPLANE);
        assertThat(stream.types()).containsOnlyKeys("lds", "rds", "cds", "eds");
        assertThat(stream.types().get("lds").subscribed()).containsExactly(TARGET);
    }

    private static FleetSnapshot snapshot(int backendPort) {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setRds(Rds.newBuilder().setConfigSource(EnvoyResources.adsConfigSource()).setRouteConfigName(ROUTES))
                .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
                        .setTypedConfig(Protos.pack(Router.getDefaultInstance())))
                .build();
        Listener listener = Listener.newBuilder()
                .setName(TARGET)
                .setApiListener(ApiListener.newBuilder().setApiListener(Protos.pack(hcm)))
                .build();
        RouteConfiguration routes = RouteConfiguration.newBuilder()
                .setName(ROUTES)
                .addVirtualHosts(VirtualHost.newBuilder().setName(TARGET).addDomains(TARGET)
                        .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix(""))
                                .setRoute(RouteAction.newBuilder().setCluster(CLUSTER))))
                .build();
        Cluster cluster = Cluster.newBuilder()
                .setName(CLUSTER)
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(EnvoyResources.adsConfigSource()))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .build();
        ClusterLoadAssignment endpoints = ClusterLoadAssignment.newBuilder()
                .setClusterName(CLUSTER)
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .setLoadBalancingWeight(com.google.protobuf.UInt32Value.of(1))
                        .addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder().setAddress(
                                Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                                        .setAddress("127.0.0.1").setPortValue(backendPort))))))
                .build();
        DataplaneSnapshot dataplane = new DataplaneSnapshot(DATAPLANE, Map.of(
                TypeUrls.LISTENER, ResourceSet.of(List.of(VersionedResource.of(TARGET, listener))),
                TypeUrls.ROUTE, ResourceSet.of(List.of(VersionedResource.of(ROUTES, routes))),
                TypeUrls.CLUSTER, ResourceSet.of(List.of(VersionedResource.of(CLUSTER, cluster))),
                TypeUrls.ENDPOINT, ResourceSet.of(List.of(VersionedResource.of(CLUSTER, endpoints)))));
        Instant now = Instant.now();
        return new FleetSnapshot(1, now,
                List.of(new Dataplane(DATAPLANE, "grpc", "grpc", null, null, List.of(), 1, now, now)),
                Map.of(DATAPLANE, dataplane), List.of());
    }
}
