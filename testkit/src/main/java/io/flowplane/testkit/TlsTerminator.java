package io.flowplane.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * TLS in front of a plaintext server that has no TLS of its own (the Temporal dev server): a real Envoy
 * terminates TLS, with ALPN h2 so gRPC clients accept it, optionally requires a client certificate signed
 * by {@code clientCa}, and passes the bytes through to {@code upstreamPort}.
 */
public final class TlsTerminator implements AutoCloseable {
    private final Envoy envoy;
    private final int port;

    private TlsTerminator(Envoy envoy, int port) {
        this.envoy = envoy;
        this.port = port;
    }

    /** @param clientCa null: no client certificate asked for */
    public static TlsTerminator start(String name, Certificates.Leaf server, Path clientCa, int upstreamPort) {
        int port = Ports.next();
        int adminPort = Ports.next();
        ObjectNode root = Http.JSON.createObjectNode();
        root.putObject("admin").set("address", socketAddress(adminPort));
        ObjectNode resources = root.putObject("static_resources");
        ObjectNode listener = resources.putArray("listeners").addObject();
        listener.put("name", "tls");
        listener.set("address", socketAddress(port));
        ObjectNode chain = listener.putArray("filter_chains").addObject();
        ObjectNode tls = chain.putObject("transport_socket").put("name", "envoy.transport_sockets.tls")
                .putObject("typed_config")
                .put("@type", "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext");
        ObjectNode common = tls.putObject("common_tls_context");
        common.putArray("alpn_protocols").add("h2");
        ObjectNode certificate = common.putArray("tls_certificates").addObject();
        certificate.putObject("certificate_chain").put("filename", server.cert().toString());
        certificate.putObject("private_key").put("filename", server.key().toString());
        if (clientCa != null) {
            tls.put("require_client_certificate", true);
            common.putObject("validation_context").putObject("trusted_ca").put("filename", clientCa.toString());
        }
        chain.putArray("filters").addObject().put("name", "envoy.filters.network.tcp_proxy")
                .putObject("typed_config")
                .put("@type", "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy")
                .put("stat_prefix", "upstream").put("cluster", "upstream");
        ObjectNode cluster = resources.putArray("clusters").addObject();
        cluster.put("name", "upstream").put("type", "STATIC").put("connect_timeout", "2s");
        ObjectNode assignment = cluster.putObject("load_assignment").put("cluster_name", "upstream");
        assignment.putArray("endpoints").addObject().putArray("lb_endpoints").addObject().putObject("endpoint")
                .set("address", socketAddress(upstreamPort));
        String bootstrap = root.toPrettyString();
        Envoy envoy = Envoy.start(name, bootstrap, adminPort);
        Wait.until(name + " listening on " + port, java.time.Duration.ofSeconds(30),
                () -> envoy.stat("listener_manager.total_listeners_active") >= 1);
        return new TlsTerminator(envoy, port);
    }

    private static ObjectNode socketAddress(int port) {
        ObjectNode address = Http.JSON.createObjectNode();
        address.putObject("socket_address").put("address", "127.0.0.1").put("port_value", port);
        return address;
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** TLS handshakes that failed, for tests that expect a refusal. */
    public long failedHandshakes() {
        return envoy.stat("listener.127.0.0.1_" + port + ".ssl.connection_error");
    }

    @Override
    public void close() {
        envoy.close();
    }
}
