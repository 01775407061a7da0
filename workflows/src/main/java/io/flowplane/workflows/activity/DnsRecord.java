package io.flowplane.workflows.activity;

import java.util.List;

/**
 * @param controlPlane the control plane whose value the record holds, or null when it holds another
 */
public record DnsRecord(String hostedZoneId, String name, String type, long ttlSeconds, List<String> values, String controlPlane) {
    public DnsRecord {
        values = values == null ? List.of() : List.copyOf(values);
    }

    public String summary() {
        return name + " " + type + " " + values + " (TTL " + ttlSeconds + " s)" + (controlPlane == null ? "" : ": " + controlPlane);
    }
}
