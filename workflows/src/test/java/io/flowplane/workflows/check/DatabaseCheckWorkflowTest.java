package io.flowplane.workflows.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.workflows.activity.DatabaseInspectionActivities;
import io.flowplane.workflows.activity.DatabaseStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unit test on the in-process Temporal test environment; the real dev server is for system tests. */
class DatabaseCheckWorkflowTest {
    private static final String QUEUE = "test-queue";

    private TestWorkflowEnvironment environment;
    private Worker worker;

    @BeforeEach
    void setUp() {
        environment = TestWorkflowEnvironment.newInstance();
        worker = environment.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(DatabaseCheckWorkflowImpl.class);
    }

    @AfterEach
    void tearDown() {
        environment.close();
    }

    @Test
    void reportsWhatTheInspectionActivitySaw() {
        DatabaseStatus seen = new DatabaseStatus("db:5432/flowplane", false, 42, "0/3000060", "15.18");
        worker.registerActivitiesImplementations((DatabaseInspectionActivities) () -> seen);
        environment.start();

        DatabaseStatus result = workflow().check();

        assertThat(result).isEqualTo(seen);
    }

    @Test
    void retriesAnUnreachableDatabaseAndThenFailsInsteadOfWaitingForever() {
        AtomicInteger attempts = new AtomicInteger();
        worker.registerActivitiesImplementations((DatabaseInspectionActivities) () -> {
            attempts.incrementAndGet();
            throw ApplicationFailure.newFailure("connection refused", "DatabaseUnreachable");
        });
        environment.start();

        assertThatThrownBy(() -> workflow().check()).isInstanceOf(WorkflowFailedException.class);
        assertThat(attempts.get()).isEqualTo(5);
    }

    private DatabaseCheckWorkflow workflow() {
        return environment.getWorkflowClient().newWorkflowStub(
                DatabaseCheckWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
    }
}
