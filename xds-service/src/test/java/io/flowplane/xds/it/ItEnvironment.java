package io.flowplane.xds.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** What scripts/test exports for integration tests. Missing values fail the test: nothing is skipped. */
final class ItEnvironment {
    private ItEnvironment() {}

    static String primaryUrl() {
        return required("FLOWPLANE_TEST_PRIMARY_URL", "postgresql://flowplane:flowplane@127.0.0.1:55432/flowplane");
    }

    static String replicaUrl() {
        return required("FLOWPLANE_TEST_REPLICA_URL", "postgresql://flowplane:flowplane@127.0.0.1:55433/flowplane");
    }

    static Path envoy() {
        Path binary = Path.of(required("FLOWPLANE_TEST_ENVOY", "/path/to/.venv/bin/envoy"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("FLOWPLANE_TEST_ENVOY=" + binary + " is not an executable file");
        }
        return binary;
    }

    private static String required(String name, String example) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set. Integration tests need real services; run them with"
                    + " scripts/test, or export it yourself, e.g. " + name + "=" + example);
        }
        return value;
    }
}
