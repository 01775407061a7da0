package io.flowplane.xds.binding;

/** Which dataplane an Envoy node belongs to, or why it belongs to none. */
public record NodeBinding(String dataplaneId, String unboundReason) {
    public static NodeBinding bound(String dataplaneId) {
        return new NodeBinding(dataplaneId, null);
    }

    public static NodeBinding unbound(String reason) {
        return new NodeBinding(null, reason);
    }

    public boolean isBound() {
        return dataplaneId != null;
    }
}
