package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

public class RollingRestartWorkflowImpl implements RollingRestartWorkflow {
    static final String RESOLVE = "resolve-control-planes";

    private final Runbook runbook = new Runbook(KIND);
    private final StepCalls calls = new StepCalls(runbook);
    private final ControlPlaneRestarts restarts = new ControlPlaneRestarts(url -> calls.controlPlanes(stepFor(url), url));

    @Override
    public RollingRestartResult restart(RollingRestartRequest request) {
        validate(request);
        runbook.plan(List.of(RESOLVE));
        String target = request.cluster() == null ? String.join(",", request.controlPlanes()) : request.cluster();
        return runbook.operate(target, () -> {
            // 1. Which processes, in which order.
            List<String> controlPlanes = runbook.run(RESOLVE, () -> resolve(request), list -> list.size() + " control planes: " + list);
            controlPlanes.forEach(url -> runbook.add(stepFor(url)));
            // 2..n. One at a time; the next only starts once the previous is back.
            List<ControlPlaneStatus> restarted = new ArrayList<>();
            for (String url : controlPlanes) {
                restarted.add(runbook.run(stepFor(url),
                        () -> restarts.restartAndAwait(url, request.drainSeconds(), null, false), ControlPlaneStatus::summary));
            }
            return new RollingRestartResult(restarted, runbook.progress());
        }, result -> false);
    }

    @Override
    public List<StepProgress> progress() {
        return runbook.progress();
    }

    private List<String> resolve(RollingRestartRequest request) {
        return request.controlPlanes().isEmpty()
                ? calls.topology(RESOLVE, request.cluster()).describeCluster(request.cluster()).controlPlanes()
                : request.controlPlanes();
    }

    private static String stepFor(String baseUrl) {
        return "restart " + baseUrl;
    }

    private static void validate(RollingRestartRequest request) {
        if (request == null || ((request.cluster() == null || request.cluster().isBlank()) && request.controlPlanes().isEmpty())) {
            throw ApplicationFailure.newNonRetryableFailure("name a cluster or the control planes to restart", "InvalidRequest");
        }
        if (request.drainSeconds() < 0) {
            throw ApplicationFailure.newNonRetryableFailure("drain_seconds must not be negative", "InvalidRequest");
        }
    }
}
