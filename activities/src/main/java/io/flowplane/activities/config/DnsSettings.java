package io.flowplane.activities.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DNS record Envoys find their control plane by, and what it holds for each control plane.
 *
 * @param hostedZoneId the Route 53 hosted zone
 * @param record       the record's name, with its final dot ("xds.flowplane.internal.")
 * @param endpoint     a Route 53 endpoint override (a test's moto), or null for AWS's own
 * @param targets      control plane admin base URL -> the value the record holds when Envoys should use it
 */
public record DnsSettings(String hostedZoneId, String record, URI endpoint, Map<String, String> targets) {

    static DnsSettings of(String hostedZoneId, String record, String endpoint, Map<String, String> targets, List<String> controlPlanes) {
        if (hostedZoneId == null || hostedZoneId.isBlank()) {
            throw new IllegalArgumentException("hosted_zone_id is required");
        }
        if (record == null || !record.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("record must be a DNS name, not " + (record == null ? "missing" : "'" + record + "'"));
        }
        URI uri = null;
        if (endpoint != null) {
            uri = URI.create(endpoint);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' must be an http(s) URL");
            }
        }
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("targets: name at least one control plane and the value the record holds for it");
        }
        Map<String, String> normalized = new LinkedHashMap<>();
        targets.forEach((base, value) -> {
            String url = WorkerClusters.normalizeBaseUrl(base);
            if (!controlPlanes.contains(url)) {
                throw new IllegalArgumentException("targets names " + base + ", which is not one of the cluster's control_planes");
            }
            if (value == null || !value.matches("[A-Za-z0-9_.:-]+")) {
                throw new IllegalArgumentException("targets: the value for " + base + " must be an address or a name");
            }
            normalized.put(url, value);
        });
        return new DnsSettings(hostedZoneId, record.endsWith(".") ? record : record + ".", uri, normalized);
    }

    /** The value the record holds when Envoys should use this control plane, or null when the file gives none. */
    public String valueFor(String controlPlaneBaseUrl) {
        return targets.get(WorkerClusters.normalizeBaseUrl(controlPlaneBaseUrl));
    }

    /** The control plane whose value the record holds, if any. */
    public String controlPlaneFor(List<String> values) {
        return targets.entrySet().stream().filter(e -> values.equals(List.of(e.getValue()))).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
