package io.flowplane.activities.worker;

import com.zaxxer.hikari.HikariDataSource;
import io.flowplane.activities.database.DatabaseInspection;
import io.flowplane.core.db.Databases;
import io.flowplane.workflows.check.DatabaseCheckWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Temporal worker process: hosts Flowplane's workflows and the activities they call. */
public final class WorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("""
                    Flowplane worker: runs failover and maintenance workflows on Temporal.
                    Environment:
                      FLOWPLANE_DATABASE_URL         control-plane database (required)
                      FLOWPLANE_TEMPORAL_ADDRESS     Temporal frontend, default 127.0.0.1:7233
                      FLOWPLANE_TEMPORAL_NAMESPACE   default 'default'
                      FLOWPLANE_TEMPORAL_TASK_QUEUE  default 'flowplane-operations'""");
            return;
        }
        WorkerSettings settings;
        try {
            settings = WorkerSettings.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("flowplane-worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        HikariDataSource dataSource = Databases.pool(settings.database(), "flowplane-worker", 4);
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(settings.temporalAddress()).build());
        WorkflowClient client = WorkflowClient.newInstance(
                service, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(settings.taskQueue());
        worker.registerWorkflowImplementationTypes(DatabaseCheckWorkflowImpl.class);
        worker.registerActivitiesImplementations(new DatabaseInspection(settings.database(), dataSource));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping worker");
            factory.shutdown();
            dataSource.close();
            service.shutdown();
            stopped.countDown();
        }));
        factory.start();
        LOG.info("flowplane worker ready: temporal={} namespace={} task_queue={} database={}",
                settings.temporalAddress(), settings.namespace(), settings.taskQueue(), settings.database());
        stopped.await();
    }
}
