package io.flowplane.xds.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.snapshot.TypeUrls;
import java.util.List;

/** Reads resource names out of xDS responses. */
public final class Resources {
    private Resources() {}

    public static List<String> names(DiscoveryResponse response) {
        return response.getResourcesList().stream().map(Resources::name).toList();
    }

    public static String name(Any any) {
        try {
            return switch (any.getTypeUrl()) {
                case TypeUrls.LISTENER -> any.unpack(Listener.class).getName();
                case TypeUrls.ROUTE -> any.unpack(RouteConfiguration.class).getName();
                case TypeUrls.CLUSTER -> any.unpack(Cluster.class).getName();
                case TypeUrls.ENDPOINT -> any.unpack(ClusterLoadAssignment.class).getClusterName();
                default -> throw new IllegalArgumentException("unexpected type " + any.getTypeUrl());
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
