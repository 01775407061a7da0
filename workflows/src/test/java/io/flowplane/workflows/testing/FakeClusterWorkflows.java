package io.flowplane.workflows.testing;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Per test: a time-skipping Temporal environment (see {@link TemporalTestSupport}) whose worker runs one
 * workflow implementation with a {@link FakeCluster} as every activity. Register as an instance field
 * with {@code @RegisterExtension}, after the test's own FakeCluster field.
 */
public final class FakeClusterWorkflows implements BeforeEachCallback, AfterEachCallback {
    private final Class<?> workflowImplementation;
    private final FakeCluster cluster;
    private final Object[] moreActivities;
    private TestWorkflowEnvironment environment;

    /** @param moreActivities activity implementations beyond the cluster's own, such as a {@link FakeAurora} */
    public FakeClusterWorkflows(Class<?> workflowImplementation, FakeCluster cluster, Object... moreActivities) {
        this.workflowImplementation = workflowImplementation;
        this.cluster = cluster;
        this.moreActivities = moreActivities;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        environment = TemporalTestSupport.newEnvironment();
        Worker worker = environment.newWorker(TemporalTestSupport.QUEUE);
        worker.registerWorkflowImplementationTypes(workflowImplementation);
        worker.registerActivitiesImplementations(cluster);
        if (moreActivities.length > 0) {
            worker.registerActivitiesImplementations(moreActivities);
        }
        environment.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        environment.close();
    }

    public TestWorkflowEnvironment environment() {
        return environment;
    }

    /** A new workflow stub, with the options the API layer uses to start an operation on the fake cluster. */
    public <W> W stub(Class<W> workflowInterface) {
        return environment.getWorkflowClient().newWorkflowStub(workflowInterface,
                TemporalTestSupport.operationOptions(FakeCluster.CLUSTER));
    }
}
