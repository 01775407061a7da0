package io.flowplane.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Flowplane's three processes, started from the jars {@code mvn package} built (never linked: the kit
 * depends on no service's code), each returned once it is ready.
 */
public final class FlowplaneServices {
    private static final Duration READY = Duration.ofSeconds(60);

    private FlowplaneServices() {}

    /** api-service with deploy/config/api-service.yml; ready when its admin /ping answers. */
    public static ManagedProcess api(String name, Map<String, String> env, int adminPort) {
        ManagedProcess api = ManagedProcess.java(name, TestStack.serviceJar("api-service", "flowplane-api-service"),
                List.of("server", "deploy/config/api-service.yml"), env);
        return ready(api, () -> awaitPing(api, adminPort));
    }

    /** xds-service with deploy/config/xds-service.yml; ready when its admin /ping answers. */
    public static ManagedProcess xds(String name, Map<String, String> env, int adminPort) {
        ManagedProcess xds = ManagedProcess.java(name, TestStack.serviceJar("xds-service", "flowplane-xds-service"),
                List.of("server", "deploy/config/xds-service.yml"), env);
        return ready(xds, () -> awaitPing(xds, adminPort));
    }

    /** The Temporal worker (activities); ready when it logs that it polls its task queue. */
    public static ManagedProcess worker(String name, Map<String, String> env) {
        ManagedProcess worker = ManagedProcess.java(name, TestStack.serviceJar("activities", "flowplane-activities"),
                List.of(), env);
        return ready(worker, () -> worker.awaitLog("flowplane worker ready", READY));
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

    private static void awaitPing(ManagedProcess process, int adminPort) {
        Http admin = Http.localhost(adminPort);
        Wait.until(process.name() + " admin /ping on port " + adminPort, READY, () -> {
            process.assertAlive();
            return admin.get("/ping").status() == 200;
        });
    }
}
