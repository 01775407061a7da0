package io.flowplane.xds.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Ports;
import java.nio.file.Path;
import java.util.List;

/** The bootstrap of an Envoy that gets everything from our ADS server, and the kit's Envoy started from it. */
final class AdsBootstrap {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The client certificate Envoy presents to the ADS server, and the CA it trusts. */
    record Tls(Path caCert, Path clientCert, Path clientKey) {}

    private AdsBootstrap() {}

    /**
     * @param name the node id
     * @param credential the dataplane credential the ADS stream carries; null for none
     * @param tls null for plaintext; with a null client certificate Envoy verifies the server only
     */
    static Envoy startEnvoy(String name, int xdsPort, String dataplaneId, String credential, boolean delta, Tls tls) {
        int adminPort = Ports.next();
        return Envoy.start(name, bootstrap(name, xdsPort, dataplaneId, credential, delta, tls, adminPort), adminPort);
    }

    static String bootstrap(String name, int xdsPort, String dataplaneId, String credential, boolean delta, Tls tls,
            int adminPort) {
        ObjectNode bootstrap = JSON.createObjectNode();
        ObjectNode node = bootstrap.putObject("node");
        node.put("id", name);
        node.put("cluster", name + "-cluster");
        node.putObject("metadata").put("flowplane_dataplane_id", dataplaneId);
        bootstrap.putObject("admin").set("address", socketAddress("127.0.0.1", adminPort));
        ObjectNode dynamic = bootstrap.putObject("dynamic_resources");
        ObjectNode ads = dynamic.putObject("ads_config");
        ads.put("api_type", delta ? "DELTA_GRPC" : "GRPC");
        ads.put("transport_api_version", "V3");
        ObjectNode service = ads.putArray("grpc_services").addObject();
        service.putObject("envoy_grpc").put("cluster_name", "xds_cluster");
        if (credential != null) {
            service.putArray("initial_metadata").addObject().put("key", "authorization")
                    .put("value", "Bearer " + credential);
        }
        for (String config : List.of("cds_config", "lds_config")) {
            ObjectNode source = dynamic.putObject(config);
            source.putObject("ads");
            source.put("resource_api_version", "V3");
        }
        ObjectNode cluster = ((ArrayNode) bootstrap.putObject("static_resources").putArray("clusters")).addObject();
        cluster.put("name", "xds_cluster");
        cluster.put("type", "STATIC");
        cluster.put("connect_timeout", "1s");
        ObjectNode protocol = cluster.putObject("typed_extension_protocol_options")
                .putObject("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        protocol.put("@type", "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        protocol.putObject("explicit_http_config").putObject("http2_protocol_options");
        ObjectNode assignment = cluster.putObject("load_assignment");
        assignment.put("cluster_name", "xds_cluster");
        assignment.putArray("endpoints").addObject().putArray("lb_endpoints").addObject().putObject("endpoint")
                .set("address", socketAddress("127.0.0.1", xdsPort));
        if (tls != null) {
            ObjectNode socket = cluster.putObject("transport_socket");
            socket.put("name", "envoy.transport_sockets.tls");
            ObjectNode context = socket.putObject("typed_config");
            context.put("@type", "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext");
            context.put("sni", "localhost");
            ObjectNode common = context.putObject("common_tls_context");
            common.putArray("alpn_protocols").add("h2");
            if (tls.clientCert() != null) {
                ObjectNode certificate = common.putArray("tls_certificates").addObject();
                certificate.putObject("certificate_chain").put("filename", tls.clientCert().toString());
                certificate.putObject("private_key").put("filename", tls.clientKey().toString());
            }
            common.putObject("validation_context").putObject("trusted_ca").put("filename", tls.caCert().toString());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bootstrap);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode socketAddress(String address, int port) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("socket_address").put("address", address).put("port_value", port);
        return node;
    }
}
