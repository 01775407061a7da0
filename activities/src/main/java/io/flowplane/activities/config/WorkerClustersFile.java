package io.flowplane.activities.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.activity.RegionalTopology;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the clusters file (YAML, or JSON when the name ends in .json). Unknown keys are errors, and error
 * messages never repeat a URL's password.
 */
public final class WorkerClustersFile {
    private WorkerClustersFile() {}

    record FileShape(Map<String, ClusterShape> clusters) {}

    record ClusterShape(
            Map<String, Object> members,
            @JsonProperty("client_urls") Map<String, String> clientUrls,
            Map<String, String> urls,
            @JsonProperty("control_planes") List<Object> controlPlanes,
            AuroraShape aurora,
            DnsShape dns,
            Map<String, String> reads) {}

    record DnsShape(@JsonProperty("hosted_zone_id") String hostedZoneId, String record, String endpoint, Map<String, String> targets) {}

    record AuroraShape(@JsonProperty("global_cluster") String globalCluster, String region, String endpoint) {}

    public static WorkerClusters load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
        return parse(text, path.getFileName().toString().endsWith(".json"));
    }

    public static WorkerClusters parse(String text, boolean json) {
        ObjectMapper mapper = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        FileShape shape;
        try {
            shape = mapper.readValue(text, FileShape.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("clusters file: " + DatabaseUrl.redact(e.getOriginalMessage()));
        }
        if (shape == null || shape.clusters() == null || shape.clusters().isEmpty()) {
            throw new IllegalArgumentException("clusters file: no clusters");
        }
        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        shape.clusters().forEach((name, cluster) -> clusters.put(name, toConfig(name, cluster)));
        return new WorkerClusters(clusters);
    }

    private static ClusterConfig toConfig(String name, ClusterShape shape) {
        String where = "cluster " + name;
        if (shape == null || shape.members() == null || shape.members().isEmpty()) {
            throw new IllegalArgumentException(where + ": no members");
        }
        Map<String, DatabaseUrl> members = new LinkedHashMap<>();
        Map<String, String> switchable = new LinkedHashMap<>();
        TopologyEntries.Members placed = TopologyEntries.members(where, shape.members());
        placed.urls().forEach((member, url) -> {
            members.put(member, parseUrl(where + " member " + member, url));
            switchable.put(member, url);
        });
        orEmpty(shape.clientUrls()).forEach((member, url) -> {
            if (!members.containsKey(member)) {
                throw new IllegalArgumentException(where + ": client_urls names '" + member + "', which is not a member");
            }
            parseUrl(where + " client_urls " + member, url);
            switchable.put(member, url);
        });
        orEmpty(shape.urls()).forEach((urlName, url) -> {
            if (members.containsKey(urlName)) {
                throw new IllegalArgumentException(where + ": urls entry '" + urlName + "' has a member's name");
            }
            parseUrl(where + " urls " + urlName, url);
            switchable.put(urlName, url);
        });
        List<String> controlPlanes = new ArrayList<>();
        Map<String, String> controlPlaneRegions = new LinkedHashMap<>();
        TopologyEntries.controlPlanes(where, shape.controlPlanes()).forEach(entry -> {
            String url = controlPlaneUrl(where, entry.url());
            String region = entry.region();
            if (controlPlanes.contains(url)) {
                throw new IllegalArgumentException(where + ": control plane " + url + " is listed twice");
            }
            controlPlanes.add(url);
            if (region != null) {
                controlPlaneRegions.put(url, placed.requireRegion(where, "control plane " + url, region));
            }
        });
        Map<String, String> reads = new LinkedHashMap<>();
        orEmpty(shape.reads()).forEach((base, urlName) -> {
            String url = WorkerClusters.normalizeBaseUrl(base);
            if (!controlPlanes.contains(url)) {
                throw new IllegalArgumentException(where + ": reads names " + base + ", which is not one of its control_planes");
            }
            if (!switchable.containsKey(urlName)) {
                throw new IllegalArgumentException(where + ": reads gives " + base + " the URL name '" + urlName
                        + "', which is not a member, client_urls or urls entry; names: " + switchable.keySet());
            }
            if (controlPlaneRegions.containsKey(url)) {
                throw new IllegalArgumentException(where + ": " + base + " has a region, so it reads from that region's replica;"
                        + " reads may not name it too");
            }
            reads.put(url, urlName);
        });
        return new ClusterConfig(name, members, switchable, controlPlanes, aurora(where, shape.aurora()),
                dns(where, shape.dns(), controlPlanes), reads,
                new RegionalTopology(placed.regions(), placed.synchronous(), controlPlaneRegions));
    }

    private static AuroraSettings aurora(String where, AuroraShape shape) {
        if (shape == null) {
            return null;
        }
        try {
            return AuroraSettings.of(shape.globalCluster(), shape.region(), shape.endpoint());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": aurora: " + e.getMessage());
        }
    }

    private static DnsSettings dns(String where, DnsShape shape, List<String> controlPlanes) {
        if (shape == null) {
            return null;
        }
        try {
            return DnsSettings.of(shape.hostedZoneId(), shape.record(), shape.endpoint(), shape.targets(), controlPlanes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": dns: " + e.getMessage());
        }
    }

    private static DatabaseUrl parseUrl(String where, String url) {
        try {
            return DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static String controlPlaneUrl(String where, String base) {
        String normalized = WorkerClusters.normalizeBaseUrl(base);
        URI uri;
        try {
            uri = URI.create(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": control plane '" + base + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + ": control plane '" + base + "' must be an http(s) base URL");
        }
        return normalized;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
