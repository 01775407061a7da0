package io.flowplane.testkit.aws;

import io.flowplane.testkit.Http;
import io.flowplane.testkit.ManagedProcess;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * moto's server (PyPI {@code moto[server]}, installed by scripts/test): the real emulator of the AWS APIs it
 * implements, Route 53 among them, on loopback. One per JVM, stopped when the JVM exits. It accepts any
 * credentials; {@link AwsQueryServer#ACCESS_KEY_ID} is as good as any.
 */
public final class MotoServer {
    private static MotoServer shared;

    private final ManagedProcess process;
    private final int port;

    private MotoServer(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized MotoServer shared() {
        if (shared == null || !shared.process.isAlive()) {
            Path binary = TestStack.venv().resolve("bin").resolve("moto_server");
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is not executable; run scripts/test, which installs moto[server]");
            }
            int port = Ports.next();
            ManagedProcess process = ManagedProcess.start("moto-" + port,
                    List.of(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)), Map.of());
            Http api = Http.localhost(port);
            Wait.until("moto on port " + port, Duration.ofSeconds(60), () -> {
                process.assertAlive();
                return api.get("/moto-api/").status() == 200;
            });
            shared = new MotoServer(process, port);
        }
        return shared;
    }

    /** What the SDK's {@code endpointOverride} takes. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }
}
