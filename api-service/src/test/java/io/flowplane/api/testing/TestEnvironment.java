package io.flowplane.api.testing;

/** The real stack scripts/test starts. A missing variable fails the test: these tests never skip. */
public final class TestEnvironment {
    private TestEnvironment() {}

    public static String primaryUrl() {
        return required("FLOWPLANE_TEST_PRIMARY_URL");
    }

    public static String replicaUrl() {
        return required("FLOWPLANE_TEST_REPLICA_URL");
    }

    public static String temporalAddress() {
        return required("FLOWPLANE_TEST_TEMPORAL_ADDRESS");
    }

    public static String envoy() {
        return required("FLOWPLANE_TEST_ENVOY");
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run through scripts/test, which starts PostgreSQL "
                    + "(primary and streaming replica), Temporal and Envoy and exports the FLOWPLANE_TEST_* variables");
        }
        return value;
    }
}
