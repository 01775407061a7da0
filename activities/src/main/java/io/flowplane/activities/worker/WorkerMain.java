package io.flowplane.activities.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import com.zaxxer.hikari.HikariDataSource;
import io.flowplane.activities.aurora.RdsAuroraActivities;
import io.flowplane.activities.aurora.RdsClients;
import io.flowplane.activities.config.ClusterTopologyFromConfig;
import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.activities.controlplane.ControlPlaneClient;
import io.flowplane.activities.controlplane.ControlPlaneHookActivities;
import io.flowplane.activities.controlplane.HookTransport;
import io.flowplane.activities.database.DatabaseInspection;
import io.flowplane.activities.dns.Route53DnsActivities;
import io.flowplane.activities.metrics.MetricsEndpoint;
import io.flowplane.activities.metrics.ReplicationLagSampler;
import io.flowplane.activities.metrics.TallyPrometheusBridge;
import io.flowplane.activities.metrics.WorkerMetrics;
import io.flowplane.activities.postgres.MemberConnector;
import io.flowplane.activities.postgres.PostgresFailoverActivities;
import io.flowplane.core.controlplane.AdminTls;
import io.flowplane.core.db.Databases;
import io.flowplane.workflows.aurora.AuroraFailoverWorkflowImpl;
import io.flowplane.workflows.aurora.AuroraSwitchoverWorkflowImpl;
import io.flowplane.workflows.check.DatabaseCheckWorkflowImpl;
import io.flowplane.workflows.controlplane.DatabaseUrlRotationWorkflowImpl;
import io.flowplane.workflows.controlplane.RollingRestartWorkflowImpl;
import io.flowplane.workflows.dns.ControlPlaneDnsWorkflowImpl;
import io.flowplane.workflows.failover.PostgresFailoverWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Temporal worker process: hosts Flowplane's workflows and the activities they call. */
public final class WorkerMain {
    /** How long the start-up check waits for Temporal: a wrong address, CA or server name stops the worker. */
    private static final java.time.Duration TEMPORAL_CHECK = java.time.Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
    private static final long LAG_SAMPLE_SECONDS = 5;

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("""
                    Flowplane worker: runs failover and maintenance workflows on Temporal.
                    Environment:
                      FLOWPLANE_DATABASE_URL         control-plane database (required)
                      FLOWPLANE_DATABASE_CLUSTERS    clusters file (YAML, or JSON if *.json): members, client URLs,
                                                     control planes, Aurora global clusters; see
                                                     deploy/config/worker-clusters.example.yml
                      AWS_REGION, AWS_ACCESS_KEY_ID, AWS_PROFILE, ...
                                                     Aurora only: the AWS SDK's default region and credential chains
                      FLOWPLANE_ADMIN_TOKEN          bearer token for the control planes' /control-plane hooks
                                                     (required when the clusters file lists control planes)
                      FLOWPLANE_WORKER_METRICS_PORT  Prometheus /metrics port, default 9464 (0: any free port)
                      FLOWPLANE_BIND_ADDRESS         metrics listen address, default 0.0.0.0
                      FLOWPLANE_TEMPORAL_ADDRESS     Temporal frontend, default 127.0.0.1:7233
                      FLOWPLANE_TEMPORAL_TLS_CA_PATH       PEM CAs to trust; any TLS setting turns TLS on
                      FLOWPLANE_TEMPORAL_TLS_CERT_PATH     client certificate (PEM) for mutual TLS, with
                      FLOWPLANE_TEMPORAL_TLS_KEY_PATH      its key (PEM, PKCS#8)
                      FLOWPLANE_TEMPORAL_TLS_SERVER_NAME   name the server certificate must carry
                      FLOWPLANE_TEMPORAL_API_KEY           bearer API key sent on every call
                      FLOWPLANE_TEMPORAL_NAMESPACE   default 'default'
                      FLOWPLANE_TEMPORAL_TASK_QUEUE  default 'flowplane-operations'""");
            return;
        }
        WorkerSettings settings;
        WorkerClusters clusters;
        SSLContext hookTls;
        try {
            settings = WorkerSettings.from(System.getenv());
            clusters = settings.clustersFile() == null ? WorkerClusters.empty() : WorkerClustersFile.load(settings.clustersFile());
            if (clusters.hasControlPlanes() && settings.adminToken() == null) {
                throw new IllegalArgumentException(WorkerSettings.ADMIN_TOKEN + " is not set, but the clusters file lists control planes");
            }
            hookTls = HookTransport.tls(System.getenv());
            List<String> inClear = HookTransport.inClear(clusters.all().stream()
                    .flatMap(c -> c.controlPlanes().stream()).toList());
            if (!inClear.isEmpty() && hookTls != null) {
                throw new IllegalArgumentException(AdminTls.CA_PATH + " is set, so hooks are reached over TLS, but these "
                        + "are plain http:// on the network: " + inClear + "; list them as https://");
            }
            inClear.forEach(url -> LOG.warn("control plane {} is reached over plain HTTP: FLOWPLANE_ADMIN_TOKEN and "
                    + "database URLs cross the network in clear; serve its admin port over TLS ({}) and list it as https://",
                    url, AdminTls.CERT_PATH));
        } catch (IllegalArgumentException e) {
            System.err.println("flowplane-worker: " + e.getMessage());
            System.exit(2);
            return;
        }

        WorkerMetrics metrics = new WorkerMetrics();
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(settings.bindAddress(), settings.metricsPort(), metrics.registry());
        } catch (IOException e) {
            System.err.println("flowplane-worker: cannot serve metrics on " + settings.bindAddress() + ":" + settings.metricsPort()
                    + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        // Workflows record their metrics through this replay-aware scope; the bridge keeps Flowplane's.
        Scope metricsScope = new RootScopeBuilder().reporter(new TallyPrometheusBridge(metrics))
                .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
        ReplicationLagSampler lagSampler = new ReplicationLagSampler(clusters, new MemberConnector(3, 5), metrics);
        lagSampler.start(LAG_SAMPLE_SECONDS);

        HikariDataSource dataSource = Databases.pool(settings.database(), "flowplane-worker", 4);
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(settings.temporal().options()
                .setMetricsScope(metricsScope)
                .build());
        try {
            settings.temporal().checkReachable(service, TEMPORAL_CHECK);
        } catch (IllegalStateException e) {
            System.err.println("flowplane-worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        WorkflowClient client = WorkflowClient.newInstance(
                service, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(settings.taskQueue());
        worker.registerWorkflowImplementationTypes(
                DatabaseCheckWorkflowImpl.class,
                PostgresFailoverWorkflowImpl.class,
                DatabaseUrlRotationWorkflowImpl.class,
                RollingRestartWorkflowImpl.class,
                AuroraSwitchoverWorkflowImpl.class,
                AuroraFailoverWorkflowImpl.class,
                ControlPlaneDnsWorkflowImpl.class);
        Route53DnsActivities route53 = new Route53DnsActivities(clusters);
        RdsClients rds = new RdsClients();
        worker.registerActivitiesImplementations(
                new DatabaseInspection(settings.database(), dataSource),
                new ClusterTopologyFromConfig(clusters),
                new PostgresFailoverActivities(clusters, MemberConnector.forFailover()),
                new ControlPlaneHookActivities(clusters, new ControlPlaneClient(settings.adminToken(), hookTls)),
                new RdsAuroraActivities(clusters, rds, RdsAuroraActivities.POLL_INTERVAL),
                route53);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping worker");
            factory.shutdown();
            lagSampler.close();
            rds.close();
            route53.close();
            closeQuietly(metricsScope);
            endpoint.close();
            dataSource.close();
            service.shutdown();
            stopped.countDown();
        }));
        factory.start();
        LOG.info("flowplane worker ready: temporal={} namespace={} task_queue={} database={} clusters={} metrics=:{}",
                settings.temporal().describe(), settings.namespace(), settings.taskQueue(), settings.database(),
                clusters.all().stream().map(c -> c.name()).toList(), endpoint.port());
        stopped.await();
    }

    private static void closeQuietly(Scope scope) {
        try {
            scope.close();
        } catch (ScopeCloseException e) {
            LOG.warn("metrics scope did not close cleanly: {}", e.getMessage());
        }
    }
}
