package io.flowplane.systemtests;

import io.flowplane.testkit.FlowplaneServices;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.ManagedProcess;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.TestStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One Flowplane control plane as separate processes: api-service, xds-service and the Temporal worker. */
final class ControlPlane implements AutoCloseable {
    static final String ADMIN_TOKEN = "fp_test_admin_" + UUID.randomUUID().toString().replace("-", "");

    final int apiPort = Ports.next();
    final int apiAdminPort = Ports.next();
    final int xdsPort = Ports.next();
    final int xdsHttpPort = Ports.next();
    final int xdsAdminPort = Ports.next();
    final int workerMetricsPort = Ports.next();
    final String taskQueue = "flowplane-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String databaseUrl;
    private final Map<String, String> extraEnvironment;
    private final List<ManagedProcess> processes = new ArrayList<>();

    ControlPlane(String databaseUrl) {
        this(databaseUrl, Map.of());
    }

    /** @param extraEnvironment set on every process, over the defaults */
    ControlPlane(String databaseUrl, Map<String, String> extraEnvironment) {
        this.databaseUrl = databaseUrl;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /** Starts the three processes; if one fails, stops those already started before failing. */
    ControlPlane start() {
        return starting(() -> {
            startApiAndXds();
            processes.add(FlowplaneServices.worker("worker-" + taskQueue, environment()));
        });
    }

    /** Starts api-service and xds-service only: configuration, no operations. */
    ControlPlane startWithoutWorker() {
        return starting(this::startApiAndXds);
    }

    /** Starts api-service only: the REST API and operations, no xDS. */
    ControlPlane startApiOnly() {
        return starting(this::startApi);
    }

    private void startApiAndXds() {
        startApi();
        startXds();
    }

    /** (Re)starts this control plane's xds-service on its ports, e.g. after {@link #kill}. */
    void startXds() {
        processes.add(FlowplaneServices.xds("xds-service-" + xdsPort + "-" + processes.size(), environment(), xdsAdminPort));
    }

    /** (Re)starts this control plane's api-service on its ports, e.g. after {@link #kill}. */
    void startApi() {
        processes.add(FlowplaneServices.api("api-service-" + apiPort + "-" + processes.size(), environment(), apiAdminPort));
    }

    /** Ends the running process whose name starts with {@code prefix} with SIGKILL, as a crash would; its log stays. */
    void kill(String prefix) {
        process(prefix).kill();
    }

    private ControlPlane starting(Runnable start) {
        try {
            start.run();
            return this;
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    /** The running process whose name starts with {@code prefix}: api-service, xds-service or worker. */
    ManagedProcess process(String prefix) {
        return processes.stream().filter(p -> p.name().startsWith(prefix) && p.isAlive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + " process"));
    }

    /** The logs of every process this control plane started, the killed ones too. */
    List<Path> logs() {
        return processes.stream().map(ManagedProcess::log).toList();
    }

    Http api() {
        return new Http("http://127.0.0.1:" + apiPort, ADMIN_TOKEN);
    }

    Http xdsHttp() {
        return new Http("http://127.0.0.1:" + xdsHttpPort, ADMIN_TOKEN);
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("FLOWPLANE_DATABASE_URL", databaseUrl);
        env.put("FLOWPLANE_BOOTSTRAP_TOKEN", ADMIN_TOKEN);
        env.put("FLOWPLANE_BIND_ADDRESS", "127.0.0.1");
        env.put("FLOWPLANE_API_PORT", String.valueOf(apiPort));
        env.put("FLOWPLANE_API_ADMIN_PORT", String.valueOf(apiAdminPort));
        env.put("FLOWPLANE_XDS_PORT", String.valueOf(xdsPort));
        env.put("FLOWPLANE_XDS_BIND_ADDRESS", "127.0.0.1");
        env.put("FLOWPLANE_XDS_PUBLIC_HOST", "127.0.0.1");
        env.put("FLOWPLANE_XDS_HTTP_PORT", String.valueOf(xdsHttpPort));
        env.put("FLOWPLANE_XDS_ADMIN_PORT", String.valueOf(xdsAdminPort));
        env.put("FLOWPLANE_TEMPORAL_ADDRESS", TestStack.temporalAddress());
        env.put("FLOWPLANE_TEMPORAL_TASK_QUEUE", taskQueue);
        env.put("FLOWPLANE_WORKER_METRICS_PORT", String.valueOf(workerMetricsPort));
        env.putAll(extraEnvironment);
        return env;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
