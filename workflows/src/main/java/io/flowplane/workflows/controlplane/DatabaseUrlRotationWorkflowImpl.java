package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ClusterTopologyActivities;
import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.HealthExpectation;
import io.flowplane.workflows.operation.ActivityStubs;
import io.flowplane.workflows.operation.Failures;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

public class DatabaseUrlRotationWorkflowImpl implements DatabaseUrlRotationWorkflow {
    static final String RESOLVE = "resolve-urls";
    /** Failures after which the control plane provably kept its old URL (the hook switched nothing). */
    private static final Set<String> NOTHING_SWITCHED = Set.of(
            "InvalidDatabaseUrl", "DatabaseUnreachable", "UnknownUrlName", "Unauthorized", "UnknownControlPlane");

    private final ClusterTopologyActivities topology = ActivityStubs.topology();
    private final Runbook runbook = new Runbook(KIND);
    private final StepCalls calls = new StepCalls(runbook);
    private final Set<String> untouched = new HashSet<>();

    /** A control plane before the switch, and how to put it back. */
    record Remembered(String baseUrl, String database, String rollbackTo) {}

    @Override
    public RotationResult rotate(RotationRequest request) {
        validate(request);
        runbook.plan(List.of(RESOLVE));
        return runbook.operate(request.cluster(), () -> {
            // 1. Where each control plane is now, where it goes, and how it would come back.
            String database = topology.describeUrl(request.cluster(), request.target());
            List<Remembered> plan = runbook.run(RESOLVE, () -> remember(request), list -> "switching "
                    + list.size() + " control planes to '" + request.target() + "' (" + database + ")");
            plan.forEach(cp -> runbook.add(switchStep(cp)));
            // 2..n. Switch each in turn and see it healthy there; undo them all if one is not.
            List<ControlPlaneStatus> switched = switchEachInTurn(request, database, plan);
            return new RotationResult(request.cluster(), request.target(), database, switched, runbook.progress());
        }, result -> false);
    }

    @Override
    public List<StepProgress> progress() {
        return runbook.progress();
    }

    private List<Remembered> remember(RotationRequest request) {
        List<String> urls = request.controlPlanes().isEmpty()
                ? topology.describeCluster(request.cluster()).controlPlanes()
                : request.controlPlanes();
        List<Remembered> plan = new ArrayList<>();
        for (String url : urls) {
            ControlPlaneStatus now = calls.controlPlanes(RESOLVE, url).status(url);
            if (!now.reachable()) {
                throw ApplicationFailure.newNonRetryableFailure(url + " is unreachable; nothing switched", "ControlPlaneUnreachable");
            }
            String rollbackTo = request.rollbackTo() != null
                    ? request.rollbackTo()
                    : topology.urlNameFor(request.cluster(), now.database());
            String rollbackDatabase = topology.describeUrl(request.cluster(), rollbackTo);
            if (!rollbackDatabase.equals(now.database())) {
                throw ApplicationFailure.newNonRetryableFailure("cannot undo a switch of " + url + ": it is on " + now.database()
                        + " but '" + rollbackTo + "' points at " + rollbackDatabase + "; nothing switched", "RollbackImpossible");
            }
            plan.add(new Remembered(url, now.database(), rollbackTo));
        }
        return plan;
    }

    private List<ControlPlaneStatus> switchEachInTurn(RotationRequest request, String database, List<Remembered> plan) {
        List<Remembered> begun = new ArrayList<>();
        List<ControlPlaneStatus> switched = new ArrayList<>();
        try {
            for (Remembered cp : plan) {
                // Remembered first: a switch that timed out may still have happened.
                begun.add(cp);
                switched.add(runbook.run(switchStep(cp), () -> switchAndVerify(request, database, cp), ControlPlaneStatus::summary));
            }
            return switched;
        } catch (CanceledFailure e) {
            Workflow.newDetachedCancellationScope(() -> switchBackAll(request.cluster(), begun)).run();
            throw e;
        } catch (RuntimeException e) {
            List<String> rollbackProblems = new ArrayList<>();
            Workflow.newDetachedCancellationScope(() -> rollbackProblems.addAll(switchBackAll(request.cluster(), begun))).run();
            throw ApplicationFailure.newNonRetryableFailure("rotation to '" + request.target() + "' failed: " + Failures.describe(e)
                    + (rollbackProblems.isEmpty() ? "; every switched control plane is back on its previous URL"
                            : "; ROLLBACK INCOMPLETE: " + rollbackProblems), "RotationFailed");
        }
    }

    private ControlPlaneStatus switchAndVerify(RotationRequest request, String database, Remembered cp) {
        ControlPlaneActivities controlPlanes = calls.controlPlanes(switchStep(cp), cp.baseUrl());
        try {
            controlPlanes.switchDatabase(cp.baseUrl(), request.cluster(), request.target());
        } catch (RuntimeException e) {
            if (NOTHING_SWITCHED.contains(Failures.type(e))) {
                untouched.add(cp.baseUrl());
            }
            throw e;
        }
        return controlPlanes.awaitHealthy(cp.baseUrl(),
                new HealthExpectation(database, -1, false, false, HealthExpectation.DEFAULT_TIMEOUT_SECONDS));
    }

    private void switchBack(String cluster, Remembered cp) {
        String step = "switch back " + cp.baseUrl();
        runbook.add(step);
        if (untouched.contains(cp.baseUrl())) {
            runbook.skip(step, "nothing was switched");
            return;
        }
        ControlPlaneActivities controlPlanes = calls.controlPlanes(step, cp.baseUrl());
        runbook.run(step, () -> {
            controlPlanes.switchDatabase(cp.baseUrl(), cluster, cp.rollbackTo());
            return controlPlanes.awaitHealthy(cp.baseUrl(),
                    new HealthExpectation(cp.database(), -1, false, false, HealthExpectation.DEFAULT_TIMEOUT_SECONDS));
        }, status -> "back on '" + cp.rollbackTo() + "': " + status.summary());
    }

    /**
     * Switches back every control plane whose switch began, last first, going on past a failure;
     * returns what could not be undone. (Saga's continueWithError drops the failures it continued past.)
     */
    private List<String> switchBackAll(String cluster, List<Remembered> begun) {
        List<String> problems = new ArrayList<>();
        for (int i = begun.size() - 1; i >= 0; i--) {
            try {
                switchBack(cluster, begun.get(i));
            } catch (RuntimeException e) {
                problems.add(Failures.describe(e));
            }
        }
        return problems;
    }

    private static String switchStep(Remembered cp) {
        return "switch " + cp.baseUrl();
    }

    private static void validate(RotationRequest request) {
        if (request == null || blank(request.cluster()) || blank(request.target())) {
            throw ApplicationFailure.newNonRetryableFailure("cluster and target are required", "InvalidRequest");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
