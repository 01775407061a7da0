package io.flowplane.xds.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Envoy, bootstrapped to use our ADS server, with helpers over its admin API. */
final class EnvoyProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final int adminPort;
    private final Process process;
    private final Path log;

    /** The client certificate Envoy presents to the ADS server, and the CA it trusts. */
    record Tls(Path caCert, Path clientCert, Path clientKey) {}

    private EnvoyProcess(String name, int adminPort, Process process, Path log) {
        this.name = name;
        this.adminPort = adminPort;
        this.process = process;
        this.log = log;
    }

    /**
     * @param tls null for plaintext; with a null client certificate Envoy verifies the server only
     */
    static EnvoyProcess start(String name, int xdsPort, String dataplaneId, boolean delta, Tls tls) {
        int adminPort = FreePorts.next();
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
        ads.putArray("grpc_services").addObject().putObject("envoy_grpc").put("cluster_name", "xds_cluster");
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
            Path dir = Files.createDirectories(Path.of("target", "it-envoy"));
            Path config = dir.resolve(name + ".yaml");
            Files.writeString(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bootstrap));
            Path log = dir.resolve(name + ".log");
            Process process = new ProcessBuilder(ItEnvironment.envoy().toString(), "-c", config.toString(),
                    "--use-dynamic-base-id", "--log-level", "info", "--concurrency", "1", "--drain-time-s", "1")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            EnvoyProcess envoy = new EnvoyProcess(name, adminPort, process, log);
            Wait.until("envoy " + name + " admin API", Duration.ofSeconds(30), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("envoy " + name + " exited:\n" + envoy.logTail());
                }
                return Http.get(envoy.adminUrl("/server_info"), null).status() == 200;
            });
            return envoy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode socketAddress(String address, int port) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("socket_address").put("address", address).put("port_value", port);
        return node;
    }

    String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    JsonNode configDump() {
        return Http.get(adminUrl("/config_dump"), null).json();
    }

    /** Names of the listeners Envoy has in service (active state). */
    List<String> activeListeners() {
        List<String> names = new ArrayList<>();
        for (JsonNode config : configDump().path("configs")) {
            for (JsonNode listener : config.path("dynamic_listeners")) {
                if (listener.has("active_state")) {
                    names.add(listener.path("name").asText());
                }
            }
        }
        return names;
    }

    /** The route configurations Envoy has from RDS, as JSON. */
    List<JsonNode> dynamicRouteConfigs() {
        List<JsonNode> routes = new ArrayList<>();
        for (JsonNode config : configDump().path("configs")) {
            for (JsonNode route : config.path("dynamic_route_configs")) {
                routes.add(route.path("route_config"));
            }
        }
        return routes;
    }

    long counter(String name) {
        String prefix = name + ": ";
        return Http.get(adminUrl("/stats?filter=" + name), null).body().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Envoy has no counter " + name));
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
