package io.flowplane.bench.xds;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Real Envoys, one per dataplane, each with its own admin port, {@code --use-dynamic-base-id
 * --concurrency 1}, bound by {@code flowplane_dataplane_id} node metadata, talking ADS (SotW, GRPC)
 * to the server under test.
 */
final class Envoys implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> adminPorts = new ArrayList<>();

    /** @param credentialOf a dataplane's credential, carried in the bootstrap's initial_metadata; null for none */
    static Envoys start(Path envoy, Path workDir, String tag, List<String> dataplaneIds, int xdsPort,
            int adminPortBase, Function<String, String> credentialOf) throws IOException {
        Envoys envoys = new Envoys();
        for (int i = 0; i < dataplaneIds.size(); i++) {
            int admin = adminPortBase + i;
            Path bootstrap = workDir.resolve("envoy-" + tag + "-" + i + ".yaml");
            Files.writeString(bootstrap, bootstrap("envoy-" + i, dataplaneIds.get(i), admin, xdsPort,
                    credentialOf.apply(dataplaneIds.get(i))));
            Path log = workDir.resolve("envoy-" + tag + "-" + i + ".log");
            Process p = new ProcessBuilder(envoy.toString(), "-c", bootstrap.toString(), "--use-dynamic-base-id",
                    "--concurrency", "1", "-l", "warning", "--log-path", log.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Children.register(p);
            envoys.processes.add(p);
            envoys.adminPorts.add(admin);
        }
        return envoys;
    }

    /** Waits until every Envoy's /ready says LIVE (initial xDS fetch done). */
    void awaitLive(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < processes.size(); i++) {
            while (true) {
                if (!processes.get(i).isAlive()) {
                    throw new IOException("envoy " + i + " exited with " + processes.get(i).exitValue());
                }
                try {
                    HttpResponse<String> r = ServerProcess.HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + adminPorts.get(i) + "/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().trim().equals("LIVE")) {
                        break;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("envoy " + i + " not LIVE within " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }

    int size() {
        return processes.size();
    }

    private static String bootstrap(String nodeId, String dataplaneId, int adminPort, int xdsPort, String credential) {
        String metadata = credential == null ? ""
                : "\n                      initial_metadata: [{key: authorization, value: \"Bearer " + credential + "\"}]";
        return """
                node:
                  id: %s
                  cluster: bench-envoy
                  metadata: {flowplane_dataplane_id: "%s"}
                admin:
                  address: {socket_address: {address: 127.0.0.1, port_value: %d}}
                dynamic_resources:
                  ads_config:
                    api_type: GRPC
                    transport_api_version: V3
                    grpc_services:
                    - envoy_grpc: {cluster_name: xds_cluster}%s
                  cds_config: {ads: {}, resource_api_version: V3}
                  lds_config: {ads: {}, resource_api_version: V3}
                static_resources:
                  clusters:
                  - name: xds_cluster
                    type: STATIC
                    connect_timeout: 1s
                    typed_extension_protocol_options:
                      envoy.extensions.upstreams.http.v3.HttpProtocolOptions:
                        "@type": type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                        explicit_http_config: {http2_protocol_options: {}}
                    load_assignment:
                      cluster_name: xds_cluster
                      endpoints:
                      - lb_endpoints:
                        - endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: %d}}}
                """.formatted(nodeId, dataplaneId, adminPort, metadata, xdsPort);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
