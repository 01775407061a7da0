package io.flowplane.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real Envoy started from a bootstrap the API generated. */
final class Envoy implements AutoCloseable {
    final int adminPort;
    private final ManagedProcess process;

    private Envoy(int adminPort, ManagedProcess process) {
        this.adminPort = adminPort;
        this.process = process;
    }

    static Envoy start(String name, String bootstrapYaml, int adminPort) {
        Path config = TestEnvironment.logDir().resolve(name + "-bootstrap.yaml");
        try {
            Files.writeString(config, bootstrapYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManagedProcess process = ManagedProcess.start("envoy-" + name, List.of(
                TestEnvironment.envoyBinary().toString(), "-c", config.toString(),
                "--use-dynamic-base-id", "--log-level", "info", "--concurrency", "1"), Map.of());
        Envoy envoy = new Envoy(adminPort, process);
        Http admin = envoy.admin();
        Wait.until("envoy " + name + " admin /ready", Duration.ofSeconds(30), () -> {
            process.assertAlive();
            return admin.get("/server_info").status() == 200 ? true : null;
        });
        return envoy;
    }

    Http admin() {
        return new Http("http://127.0.0.1:" + adminPort, null);
    }

    String logTail() {
        return process.tail(60);
    }

    @Override
    public void close() {
        process.close();
    }
}
