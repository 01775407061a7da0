package io.flowplane.activities.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.flowplane.activities.config.ClusterTopologyFromConfig;
import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.activities.controlplane.ControlPlaneClient;
import io.flowplane.activities.controlplane.ControlPlaneHookActivities;
import io.flowplane.activities.testing.FakeControlPlane;
import io.flowplane.workflows.controlplane.RollingRestartRequest;
import io.flowplane.workflows.controlplane.RollingRestartWorkflow;
import io.flowplane.workflows.controlplane.RollingRestartWorkflowImpl;
import io.prometheus.client.CollectorRegistry;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The worker's metric pieces, put together here as WorkerMain puts them (tally scope → TallyPrometheusBridge
 * → WorkerMetrics → MetricsEndpoint), counting and timing a rolling restart run on Temporal's in-process test
 * server against a fake control plane's HTTP hooks. WorkerMain itself, the process, is scraped for these
 * series by system-tests' MetricsReferencesIT; this test pins the values one run produces.
 */
class OperationMetricsReachPrometheusTest {
    @Test
    void aRollingRestartIsCountedAndTimed() throws Exception {
        WorkerMetrics metrics = new WorkerMetrics();
        Scope scope = new RootScopeBuilder().reporter(new TallyPrometheusBridge(metrics))
                .reportEvery(com.uber.m3.util.Duration.ofMillis(50));
        try (FakeControlPlane controlPlane = new FakeControlPlane()) {
            WorkerClusters clusters = WorkerClustersFile.parse("""
                    clusters:
                      main:
                        members: {east: "postgresql://postgres@127.0.0.1:5432/flowplane"}
                        control_planes: [%s]
                    """.formatted(controlPlane.baseUrl()), false);
            TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                    .setMetricsScope(scope)
                    .registerSearchAttribute("FlowplaneKind", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                    .registerSearchAttribute("FlowplaneTarget", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                    .build());
            try {
                Worker worker = environment.newWorker("q");
                worker.registerWorkflowImplementationTypes(RollingRestartWorkflowImpl.class);
                worker.registerActivitiesImplementations(new ClusterTopologyFromConfig(clusters),
                        new ControlPlaneHookActivities(clusters, new ControlPlaneClient("test-token")));
                environment.start();

                environment.getWorkflowClient()
                        .newWorkflowStub(RollingRestartWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue("q").build())
                        .restart(RollingRestartRequest.ofCluster("main", 0));
            } finally {
                environment.close();
            }
            assertThat(controlPlane.count("POST", "/control-plane/restart")).isEqualTo(1);
        }
        scope.close();

        CollectorRegistry registry = metrics.registry();
        assertThat(registry.getSampleValue("flowplane_operations_started_total", new String[] {"kind"}, new String[] {"rolling-restart"}))
                .isEqualTo(1.0);
        assertThat(registry.getSampleValue("flowplane_operations_succeeded_total", new String[] {"kind"}, new String[] {"rolling-restart"}))
                .isEqualTo(1.0);
        assertThat(registry.getSampleValue("flowplane_operation_step_duration_seconds_count", new String[] {"kind", "step"},
                new String[] {"rolling-restart", "resolve-control-planes"})).isEqualTo(1.0);

        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("flowplane_operations_started_total{kind=\"rolling-restart\",} 1.0");
        }
    }
}
