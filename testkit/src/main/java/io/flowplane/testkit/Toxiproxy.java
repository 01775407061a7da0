package io.flowplane.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Toxiproxy server (built from its Go module by scripts/test), one per test JVM, started on
 * first use. Its links stand between two real parts for the faults this kernel cannot make with
 * netem: latency and cut links.
 */
public final class Toxiproxy {
    private static Toxiproxy shared;

    private final Http api;
    private final ManagedProcess process;

    private Toxiproxy(Http api, ManagedProcess process) {
        this.api = api;
        this.process = process;
    }

    /** The JVM's Toxiproxy server; stopped when the JVM exits. */
    public static synchronized Toxiproxy shared() {
        if (shared == null || !shared.process.isAlive()) {
            int port = Ports.next();
            ManagedProcess process = ManagedProcess.start("toxiproxy-" + port, List.of(binary().toString(),
                    "-host", "127.0.0.1", "-port", Integer.toString(port)), Map.of());
            Http api = Http.localhost(port);
            Wait.until("toxiproxy API on port " + port, Duration.ofSeconds(30), () -> {
                process.assertAlive();
                return api.get("/version").status() == 200;
            });
            shared = new Toxiproxy(api, process);
        }
        return shared;
    }

    /** FLOWPLANE_TEST_TOXIPROXY, the server binary scripts/test builds. */
    public static Path binary() {
        Path binary = Path.of(TestStack.required("FLOWPLANE_TEST_TOXIPROXY", "/path/to/.data/bin/toxiproxy-server"));
        if (!binary.toFile().canExecute()) {
            throw new IllegalStateException("FLOWPLANE_TEST_TOXIPROXY=" + binary + " is not executable; run scripts/test");
        }
        return binary;
    }

    /** A new link: connections to its loopback port reach {@code upstreamPort} through Toxiproxy. */
    public Link link(String name, int upstreamPort) {
        String proxy = name.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + UUID.randomUUID().toString().substring(0, 8);
        int listenPort = Ports.next();
        expect(201, "create link " + proxy, api.post("/proxies", """
                {"name": "%s", "listen": "127.0.0.1:%d", "upstream": "127.0.0.1:%d", "enabled": true}"""
                .formatted(proxy, listenPort, upstreamPort)));
        return new Link(proxy, listenPort, upstreamPort);
    }

    private static void expect(int status, String what, Http.Reply reply) {
        if (reply.status() != status) {
            throw new IllegalStateException("toxiproxy could not " + what + ": " + reply.status() + " " + reply.body());
        }
    }

    /** One proxied connection path. */
    public final class Link implements AutoCloseable {
        private final String name;
        private final int port;
        private final int upstreamPort;

        private Link(String name, int port, int upstreamPort) {
            this.name = name;
            this.port = port;
            this.upstreamPort = upstreamPort;
        }

        /** Where clients connect instead of the upstream port. */
        public int port() {
            return port;
        }

        public int upstreamPort() {
            return upstreamPort;
        }

        /** Delays data in both directions by {@code latency} (± {@code jitter}). */
        public Link latency(Duration latency, Duration jitter) {
            for (String stream : List.of("upstream", "downstream")) {
                expect(200, "add latency to " + name, api.post("/proxies/" + name + "/toxics", """
                        {"name": "latency_%s", "type": "latency", "stream": "%s",
                         "attributes": {"latency": %d, "jitter": %d}}"""
                        .formatted(stream, stream, latency.toMillis(), jitter.toMillis())));
            }
            return this;
        }

        /** Removes the latency again. */
        public void clearLatency() {
            for (String stream : List.of("upstream", "downstream")) {
                expect(204, "remove latency from " + name, api.delete("/proxies/" + name + "/toxics/latency_" + stream));
            }
        }

        /**
         * Hangs the link: connections, open and new, stay open but no byte passes in either direction, as behind a
         * silently dropping firewall, until {@link #release()}. (Toxiproxy's timeout toxic with timeout 0.)
         */
        public void hang() {
            for (String stream : List.of("upstream", "downstream")) {
                expect(200, "hang " + name, api.post("/proxies/" + name + "/toxics", """
                        {"name": "hang_%s", "type": "timeout", "stream": "%s", "attributes": {"timeout": 0}}"""
                        .formatted(stream, stream)));
            }
        }

        /** Lets data through again after {@link #hang()}; what was sent meanwhile was dropped, so those connections are broken. */
        public void release() {
            for (String stream : List.of("upstream", "downstream")) {
                expect(204, "release " + name, api.delete("/proxies/" + name + "/toxics/hang_" + stream));
            }
        }

        /** Cuts the link: open connections are closed and new ones refused, until {@link #restore()}. */
        public void cut() {
            setEnabled(false);
        }

        public void restore() {
            setEnabled(true);
        }

        public boolean isCut() {
            return !api.get("/proxies/" + name).json().path("enabled").asBoolean();
        }

        private void setEnabled(boolean enabled) {
            expect(200, (enabled ? "restore " : "cut ") + name, api.post("/proxies/" + name, "{\"enabled\": " + enabled + "}"));
        }

        @Override
        public void close() {
            api.delete("/proxies/" + name);
        }
    }
}
