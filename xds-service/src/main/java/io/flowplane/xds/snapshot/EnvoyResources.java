package io.flowplane.xds.snapshot;

import com.google.common.net.InetAddresses;
import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.flowplane.core.model.Endpoint;
import java.util.List;

/** Translates Flowplane listeners and clusters into Envoy v3 resources (routes: {@link EnvoyRoutes}). Pure functions. */
public final class EnvoyResources {
    static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = "envoy.filters.http.router";

    private EnvoyResources() {}

    public static ConfigSource adsConfigSource() {
        return ConfigSource.newBuilder()
                .setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3)
                .build();
    }

    public static Listener listener(io.flowplane.core.model.Listener listener) {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setStatPrefix(listener.name())
                .setCodecType(HttpConnectionManager.CodecType.AUTO)
                .setRds(Rds.newBuilder()
                        .setConfigSource(adsConfigSource())
                        .setRouteConfigName(listener.routeConfig()))
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName(ROUTER)
                        .setTypedConfig(Protos.pack(Router.getDefaultInstance())))
                .build();
        return Listener.newBuilder()
                .setName(listener.name())
                .setAddress(socketAddress(listener.address(), listener.port()))
                .addFilterChains(FilterChain.newBuilder()
                        .addFilters(Filter.newBuilder()
                                .setName(HTTP_CONNECTION_MANAGER)
                                .setTypedConfig(Protos.pack(hcm))))
                .build();
    }

    /** EDS needs IP addresses: Envoy does not resolve hostnames delivered by EDS. */
    public static boolean usesEds(io.flowplane.core.model.Cluster cluster) {
        return nullToEmpty(cluster.endpoints()).stream().allMatch(e -> InetAddresses.isInetAddress(e.host()));
    }

    public static Cluster cluster(io.flowplane.core.model.Cluster cluster) {
        Cluster.Builder builder = Cluster.newBuilder()
                .setName(cluster.name())
                .setConnectTimeout(millis(cluster.connectTimeoutMs()))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
        if (usesEds(cluster)) {
            builder.setType(Cluster.DiscoveryType.EDS)
                    .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(adsConfigSource()));
        } else {
            // Envoy's default (AUTO) prefers IPv6, which breaks names like localhost for IPv4-only backends.
            builder.setType(Cluster.DiscoveryType.STRICT_DNS)
                    .setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED)
                    .setLoadAssignment(loadAssignment(cluster));
        }
        return builder.build();
    }

    public static ClusterLoadAssignment loadAssignment(io.flowplane.core.model.Cluster cluster) {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (Endpoint endpoint : nullToEmpty(cluster.endpoints())) {
            locality.addLbEndpoints(LbEndpoint.newBuilder()
                    .setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                            .setAddress(socketAddress(endpoint.host(), endpoint.port()))));
        }
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(cluster.name())
                .addEndpoints(locality)
                .build();
    }

    private static Address socketAddress(String host, int port) {
        return Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
                .build();
    }

    static Duration millis(long ms) {
        return Duration.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000).build();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
