package io.flowplane.api.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.flowplane.core.model.Dataplane;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Envoy bootstraps for a dataplane: ADS over gRPC to the control plane, node metadata
 * ({@code flowplane_dataplane_id}) that binds the Envoy to its dataplane, and the dataplane's
 * credential in the stream's {@code initial_metadata}, which proves that binding.
 */
public final class EnvoyBootstrap {
    public static final String DATAPLANE_METADATA_KEY = "flowplane_dataplane_id";

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String xdsHost;
    private final int xdsPort;

    public EnvoyBootstrap(String xdsHost, int xdsPort) {
        this.xdsHost = xdsHost;
        this.xdsPort = xdsPort;
    }

    /** @param credential the dataplane's xDS credential, sent as a bearer token on the ADS stream; null for none */
    public String yaml(Dataplane dataplane, String nodeId, int adminPort, String credential) {
        return write(YAML, dataplane, nodeId, adminPort, credential);
    }

    public String json(Dataplane dataplane, String nodeId, int adminPort, String credential) {
        return write(JSON, dataplane, nodeId, adminPort, credential);
    }

    private String write(ObjectMapper mapper, Dataplane dataplane, String nodeId, int adminPort, String credential) {
        try {
            return mapper.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(document(dataplane, nodeId, adminPort, credential));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write bootstrap", e);
        }
    }

    private Map<String, Object> document(Dataplane dataplane, String nodeId, int adminPort, String credential) {
        Map<String, Object> ads = Map.of("ads", Map.of(), "resource_api_version", "V3");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("node", ordered(
                "id", nodeId,
                "cluster", dataplane.name(),
                "metadata", ordered(DATAPLANE_METADATA_KEY, dataplane.id(), "flowplane_team", dataplane.team())));
        doc.put("admin", Map.of("address", socketAddress("127.0.0.1", adminPort)));
        doc.put("dynamic_resources", ordered(
                "ads_config", ordered(
                        "api_type", "GRPC",
                        "transport_api_version", "V3",
                        "set_node_on_first_message_only", true,
                        "grpc_services", List.of(adsService(credential))),
                "cds_config", ads,
                "lds_config", ads));
        doc.put("static_resources", Map.of("clusters", List.of(xdsCluster())));
        return doc;
    }

    private static Map<String, Object> adsService(String credential) {
        Map<String, Object> service = ordered("envoy_grpc", Map.of("cluster_name", "xds_cluster"));
        if (credential != null) {
            service.put("initial_metadata", List.of(ordered("key", "authorization", "value", "Bearer " + credential)));
        }
        return service;
    }

    private Map<String, Object> xdsCluster() {
        return ordered(
                "name", "xds_cluster",
                "type", "STRICT_DNS",
                "connect_timeout", "1s",
                "lb_policy", "ROUND_ROBIN",
                "typed_extension_protocol_options", Map.of(
                        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", ordered(
                                "@type", "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                                "explicit_http_config", Map.of("http2_protocol_options", Map.of()))),
                "load_assignment", ordered(
                        "cluster_name", "xds_cluster",
                        "endpoints", List.of(Map.of("lb_endpoints", List.of(
                                Map.of("endpoint", Map.of("address", socketAddress(xdsHost, xdsPort)))))))
        );
    }

    private static Map<String, Object> socketAddress(String host, int port) {
        return Map.of("socket_address", ordered("address", host, "port_value", port));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
