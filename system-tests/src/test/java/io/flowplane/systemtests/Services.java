package io.flowplane.systemtests;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Starts Flowplane's three processes from their built jars and waits until each is ready. */
final class Services {
    private Services() {}

    static ManagedProcess api(String name, Map<String, String> env, int adminPort) {
        ManagedProcess api = ManagedProcess.java(name, TestEnvironment.serviceJar("api-service", "flowplane-api-service"),
                List.of("server", "deploy/config/api-service.yml"), env);
        return ready(api, () -> awaitPing(name, api, adminPort));
    }

    static ManagedProcess xds(String name, Map<String, String> env, int adminPort) {
        ManagedProcess xds = ManagedProcess.java(name, TestEnvironment.serviceJar("xds-service", "flowplane-xds-service"),
                List.of("server", "deploy/config/xds-service.yml"), env);
        return ready(xds, () -> awaitPing(name, xds, adminPort));
    }

    static ManagedProcess worker(String name, Map<String, String> env) {
        ManagedProcess worker = ManagedProcess.java(name, TestEnvironment.serviceJar("activities", "flowplane-activities"),
                List.of(), env);
        return ready(worker, () -> Wait.until(name + " ready", Duration.ofSeconds(60), () -> {
            worker.assertAlive();
            return worker.tail(80).contains("flowplane worker ready") ? true : null;
        }));
    }

    /** Returns the process once {@code readiness} passes; stops it if readiness fails. */
    private static ManagedProcess ready(ManagedProcess process, Runnable readiness) {
        try {
            readiness.run();
            return process;
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    private static void awaitPing(String name, ManagedProcess process, int adminPort) {
        Http admin = new Http("http://127.0.0.1:" + adminPort, null);
        Wait.until(name + " admin /ping on port " + adminPort, Duration.ofSeconds(60), () -> {
            process.assertAlive();
            return admin.get("/ping").status() == 200 ? true : null;
        });
    }
}
