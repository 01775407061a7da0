package io.flowplane.bench.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One control plane under test, run as a child process of the harness. */
abstract class ServerProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    final String name;
    final int xdsPort;
    final Path log;
    protected Process process;

    ServerProcess(String name, int xdsPort, Path log) {
        this.name = name;
        this.xdsPort = xdsPort;
        this.log = log;
    }

    /** The command line and environment that start this server. */
    abstract ProcessBuilder command();

    /** True once the server has loaded its configuration and accepts ADS streams. */
    abstract boolean ready() throws IOException;

    /** Open ADS streams as the server counts them. */
    abstract int serverStreamCount();

    void start(Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = command();
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        Children.register(process);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (ready()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " not ready within " + timeout + "; see " + log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Heap used after a full GC (jcmd GC.run, then GC.heap_info), bytes. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IOException("cannot parse GC.heap_info: " + info);
        }
        return Long.parseLong(m.group(2)) * 1024;
    }

    /** VmRSS from /proc, bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid());
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        Process p = new ProcessBuilder(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " timed out");
        }
        return out;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        return get(url, null);
    }

    static String get(String url, String bearerToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    static String post(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    static List<String> javaCommand(String xmx, List<String> rest) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        cmd.add("-XX:+UseG1GC");
        cmd.addAll(rest);
        return cmd;
    }

    /** Flowplane's xds-service, from its shaded jar, with deploy/config/xds-service.yml. */
    static final class Flowplane extends ServerProcess {
        /** FLOWPLANE_ADMIN_TOKEN of the measured server: the status API reads with it, without a database lookup. */
        private static final String STATUS_TOKEN = "bench-" + java.util.UUID.randomUUID().toString().replace("-", "");
        private final Path jar;
        private final Path config;
        private final String databaseUrl;
        private final String xmx;
        private final boolean open;
        final int httpPort;
        final int adminPort;

        /** @param open serve streams that prove no dataplane (xds.allowUnauthenticatedDataplanes) */
        Flowplane(Path jar, Path config, String databaseUrl, String xmx, int xdsPort, int httpPort, int adminPort,
                Path log, boolean open) {
            super(open ? "flowplane-open" : "flowplane", xdsPort, log);
            this.open = open;
            this.jar = jar;
            this.config = config;
            this.databaseUrl = databaseUrl;
            this.xmx = xmx;
            this.httpPort = httpPort;
            this.adminPort = adminPort;
        }

        @Override
        ProcessBuilder command() {
            ProcessBuilder pb = new ProcessBuilder(javaCommand(xmx, List.of("-jar", jar.toString(), "server",
                    config.toString())));
            Map<String, String> env = pb.environment();
            env.put("FLOWPLANE_DATABASE_URL", databaseUrl);
            env.remove("FLOWPLANE_DATABASE_READ_URL");
            env.put("FLOWPLANE_XDS_PORT", Integer.toString(xdsPort));
            env.put("FLOWPLANE_XDS_HTTP_PORT", Integer.toString(httpPort));
            env.put("FLOWPLANE_XDS_ADMIN_PORT", Integer.toString(adminPort));
            env.put("FLOWPLANE_XDS_BIND_ADDRESS", "127.0.0.1");
            env.put("FLOWPLANE_BIND_ADDRESS", "127.0.0.1");
            // A state directory of its own: a database URL kept by an earlier run elsewhere must not win.
            env.put("FLOWPLANE_STATE_DIR", log.getParent().resolve("flowplane-state").toString());
            env.keySet().removeIf(k -> k.startsWith("FLOWPLANE_XDS_TLS_"));
            env.put("FLOWPLANE_ADMIN_TOKEN", STATUS_TOKEN);
            env.put("FLOWPLANE_XDS_ALLOW_UNAUTHENTICATED_DATAPLANES", Boolean.toString(open));
            return pb;
        }

        @Override
        boolean ready() throws IOException {
            try {
                return status().path("healthy").asBoolean(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        JsonNode status() throws IOException, InterruptedException {
            return JSON.readTree(get("http://127.0.0.1:" + httpPort + "/api/v1/xds/status", STATUS_TOKEN));
        }

        String prometheus() throws IOException, InterruptedException {
            return get("http://127.0.0.1:" + adminPort + "/prometheus");
        }

        @Override
        int serverStreamCount() {
            try {
                return (int) Prometheus.value(prometheus(), "flowplane_xds_connected_streams");
            } catch (IOException | RuntimeException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    /** java-control-plane, run by {@link JcpServerMain}. */
    static final class Jcp extends ServerProcess {
        private final String classpath;
        private final String databaseUrl;
        private final String xmx;
        final int controlPort;

        Jcp(String classpath, String databaseUrl, String xmx, int xdsPort, int controlPort, Path log) {
            super("java-control-plane", xdsPort, log);
            this.classpath = classpath;
            this.databaseUrl = databaseUrl;
            this.xmx = xmx;
            this.controlPort = controlPort;
        }

        @Override
        ProcessBuilder command() {
            return new ProcessBuilder(javaCommand(xmx, List.of("-cp", classpath, JcpServerMain.class.getName(),
                    databaseUrl, Integer.toString(xdsPort), Integer.toString(controlPort))));
        }

        @Override
        boolean ready() throws IOException {
            try {
                return JSON.readTree(get(control("/ready"))).path("ready").asBoolean(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        String control(String path) {
            return "http://127.0.0.1:" + controlPort + path;
        }

        /** Reads the fleet and sets every snapshot; returns {version, commit_us, set_snapshot_us}. */
        JsonNode reload() throws IOException, InterruptedException {
            return JSON.readTree(post(control("/reload")));
        }

        /** EDS ACK latencies of {@code version}, µs from the first setSnapshot call, one per stream so far. */
        List<Long> ackLatencies(String version) throws IOException, InterruptedException {
            List<Long> out = new ArrayList<>();
            for (JsonNode ack : JSON.readTree(get(control("/acks?version=" + version))).path("acks")) {
                out.add(ack.path("latency_us").asLong());
            }
            return out;
        }

        @Override
        int serverStreamCount() {
            try {
                return JSON.readTree(get(control("/streams"))).path("open").asInt(-1);
            } catch (IOException | RuntimeException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }
}
