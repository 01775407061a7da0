package io.flowplane.xds.snapshot;

import java.util.List;

/** The xDS resource types Flowplane serves, and the order in which changes are pushed. */
public final class TypeUrls {
    public static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
    public static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
    public static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
    public static final String ENDPOINT = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";

    /** Make-before-break: a resource is always sent before anything that refers to it. */
    public static final List<String> PUSH_ORDER = List.of(CLUSTER, ENDPOINT, LISTENER, ROUTE);

    private TypeUrls() {}

    /** LDS and CDS are subscribed as a whole; RDS and EDS by name. */
    public static boolean isWildcardType(String typeUrl) {
        return LISTENER.equals(typeUrl) || CLUSTER.equals(typeUrl);
    }

    /** Short label for metrics and the status API: lds, rds, cds, eds, or the type URL itself. */
    public static String shortName(String typeUrl) {
        return switch (typeUrl) {
            case LISTENER -> "lds";
            case ROUTE -> "rds";
            case CLUSTER -> "cds";
            case ENDPOINT -> "eds";
            default -> typeUrl;
        };
    }
}
