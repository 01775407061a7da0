package io.flowplane.activities.worker;

import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.TaskQueues;
import java.util.Map;

/** The worker's settings, all from the environment, named like the control plane's. */
record WorkerSettings(DatabaseUrl database, String temporalAddress, String namespace, String taskQueue) {
    static WorkerSettings from(Map<String, String> env) {
        String url = env.get("FLOWPLANE_DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("FLOWPLANE_DATABASE_URL is not set: the worker needs the control plane's database");
        }
        return new WorkerSettings(
                DatabaseUrl.parse(url),
                env.getOrDefault("FLOWPLANE_TEMPORAL_ADDRESS", "127.0.0.1:7233"),
                env.getOrDefault("FLOWPLANE_TEMPORAL_NAMESPACE", "default"),
                env.getOrDefault(TaskQueues.ENVIRONMENT_VARIABLE, TaskQueues.DEFAULT));
    }
}
