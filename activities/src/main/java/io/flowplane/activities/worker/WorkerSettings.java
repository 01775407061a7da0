package io.flowplane.activities.worker;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.core.controlplane.AdminToken;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.TaskQueues;
import io.flowplane.workflows.TemporalConnection;
import java.nio.file.Path;
import java.util.Map;

/**
 * The worker's settings, all from the environment, named like the control plane's.
 *
 * @param clustersFile    FLOWPLANE_DATABASE_CLUSTERS, or null: failover operations then refuse every cluster
 * @param adminToken      FLOWPLANE_ADMIN_TOKEN, bearer token for the control-plane hooks, or null
 * @param metricsPort     FLOWPLANE_WORKER_METRICS_PORT, 9464; 0 picks a free port
 */
record WorkerSettings(DatabaseUrl database, TemporalConnection temporal, String namespace, String taskQueue,
        Path clustersFile, String adminToken, String bindAddress, int metricsPort) {

    static final String ADMIN_TOKEN = AdminToken.VARIABLE;
    static final String METRICS_PORT = "FLOWPLANE_WORKER_METRICS_PORT";

    static WorkerSettings from(Map<String, String> env) {
        String url = env.get("FLOWPLANE_DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("FLOWPLANE_DATABASE_URL is not set: the worker needs the control plane's database");
        }
        String clusters = env.get(WorkerClusters.ENVIRONMENT_VARIABLE);
        String token = env.get(ADMIN_TOKEN);
        return new WorkerSettings(
                DatabaseUrl.parse(url),
                TemporalConnection.fromEnvironment(env),
                env.getOrDefault("FLOWPLANE_TEMPORAL_NAMESPACE", "default"),
                env.getOrDefault(TaskQueues.ENVIRONMENT_VARIABLE, TaskQueues.DEFAULT),
                clusters == null || clusters.isBlank() ? null : Path.of(clusters),
                AdminToken.checked(token),
                env.getOrDefault("FLOWPLANE_BIND_ADDRESS", "0.0.0.0"),
                port(env.getOrDefault(METRICS_PORT, "9464")));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(METRICS_PORT + " must be a port number, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "WorkerSettings[database=" + database + ", temporal=" + temporal.describe() + ", namespace=" + namespace
                + ", taskQueue=" + taskQueue + ", clustersFile=" + clustersFile + ", adminToken=" + (adminToken == null ? "unset" : "set")
                + ", metrics=" + bindAddress + ":" + metricsPort + "]";
    }
}
