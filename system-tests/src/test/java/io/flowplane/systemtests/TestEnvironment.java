package io.flowplane.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What scripts/test started for the system tests. A missing piece fails the test with the name of
 * what is missing: these tests never skip.
 */
final class TestEnvironment {
    private TestEnvironment() {}

    /** Server-level URL of the test PostgreSQL primary, e.g. postgresql://flowplane:flowplane@127.0.0.1:55432/flowplane. */
    static String primaryUrl() {
        return required("FLOWPLANE_TEST_PRIMARY_URL");
    }

    static String replicaUrl() {
        return required("FLOWPLANE_TEST_REPLICA_URL");
    }

    static String temporalAddress() {
        return required("FLOWPLANE_TEST_TEMPORAL_ADDRESS");
    }

    static Path envoyBinary() {
        Path envoy = Path.of(required("FLOWPLANE_TEST_ENVOY"));
        if (!Files.isExecutable(envoy)) {
            throw new IllegalStateException("FLOWPLANE_TEST_ENVOY=" + envoy + " is not executable; run scripts/test");
        }
        return envoy;
    }

    static Path root() {
        return Path.of(System.getProperty("flowplane.root", "..")).toAbsolutePath().normalize();
    }

    static Path serviceJar(String module, String artifact) {
        String version = System.getProperty("flowplane.version", "0.1.0-SNAPSHOT");
        Path jar = root().resolve(module).resolve("target").resolve(artifact + "-" + version + "-all.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with mvn verify from the project root");
        }
        return jar;
    }

    static Path logDir() {
        Path dir = root().resolve("system-tests/target/system-test-logs");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the system tests through scripts/test, "
                    + "which starts PostgreSQL, Temporal and Envoy");
        }
        return value;
    }
}
