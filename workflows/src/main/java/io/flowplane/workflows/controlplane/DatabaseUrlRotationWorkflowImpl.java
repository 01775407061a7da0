package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ClusterTopology;
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

    /** Versions the rule that a regional control plane reading from its region's replica keeps reading there. */
    static final String KEEPS_REGIONAL_READS = "rotation-keeps-regional-reads";

    /**
     * A control plane before the switch, and how to put it back.
     *
     * @param regional    it has a region: it is told where to read as well as where to write
     * @param keptReadUrl the URL name it keeps reading from (its region's replica); null: it reads where it writes
     * @param expected    the database it must report once switched: what it reads for an xds-service keeping its read
     *                    URL; null: the rotation's target
     */
    record Remembered(String baseUrl, String database, String rollbackTo, boolean regional, String keptReadUrl, String expected) {}

    @Override
    public RotationResult rotate(RotationRequest request) {
        validate(request);
        runbook.plan(List.of(RESOLVE));
        return runbook.operate(request.cluster(), () -> {
            // 1. Where each control plane is now, where it goes, and how it would come back.
            String database = topology.describeUrl(request.cluster(), request.target());
            List<Remembered> plan = runbook.run(RESOLVE, () -> remember(request, database), list -> "switching "
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

    private List<Remembered> remember(RotationRequest request, String database) {
        boolean keepRegionalReads = Workflow.getVersion(KEEPS_REGIONAL_READS, Workflow.DEFAULT_VERSION, 1) >= 1;
        ClusterTopology cluster = request.controlPlanes().isEmpty() || keepRegionalReads ? topology.describeCluster(request.cluster()) : null;
        List<String> urls = request.controlPlanes().isEmpty() ? cluster.controlPlanes() : request.controlPlanes();
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
            Remembered cp = !keepRegionalReads || cluster.regions().controlPlaneRegion(url) == null
                    ? new Remembered(url, now.database(), rollbackTo, false, null, null)
                    : regional(request, cluster, url, now, rollbackTo, database);
            // An xds-service that keeps reading its region's replica reports that replica after a rollback too.
            boolean readsStay = cp.keptReadUrl() != null && now.servesDataplanes();
            if (!readsStay && !rollbackDatabase.equals(now.database())) {
                throw ApplicationFailure.newNonRetryableFailure("cannot undo a switch of " + url + ": it is on " + now.database()
                        + " but '" + rollbackTo + "' points at " + rollbackDatabase + "; nothing switched", "RollbackImpossible");
            }
            plan.add(cp);
        }
        return plan;
    }

    /**
     * A control plane with a region reads from its region's replica: it keeps reading there, and only what it writes
     * to moves. One reading from a primary (its region has no replica), or from a member that does not answer, reads
     * from the rotation's target too.
     */
    private Remembered regional(RotationRequest request, ClusterTopology cluster, String url, ControlPlaneStatus now, String rollbackTo,
            String target) {
        String reads = now.readDatabase() != null ? now.readDatabase() : now.database();
        boolean readsAReplica = false;
        String readName = null;
        if (!reads.equals(target) && !(reads.equals(now.database()) && !now.servesDataplanes())) {
            readName = topology.urlNameFor(request.cluster(), reads);
            String member = readName;
            readsAReplica = cluster.members().contains(member)
                    && calls.postgres(RESOLVE, member).describeMember(request.cluster(), member).reachableReplica();
        }
        return readsAReplica
                ? new Remembered(url, now.database(), rollbackTo, true, readName, now.servesDataplanes() ? reads : null)
                : new Remembered(url, now.database(), rollbackTo, true, null, null);
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
            switchTo(controlPlanes, cp, request.cluster(), request.target());
        } catch (RuntimeException e) {
            if (NOTHING_SWITCHED.contains(Failures.type(e))) {
                untouched.add(cp.baseUrl());
            }
            throw e;
        }
        return controlPlanes.awaitHealthy(cp.baseUrl(),
                new HealthExpectation(cp.expected() == null ? database : cp.expected(), -1, false, false, HealthExpectation.DEFAULT_TIMEOUT_SECONDS));
    }

    private static void switchTo(ControlPlaneActivities controlPlanes, Remembered cp, String cluster, String urlName) {
        if (!cp.regional()) {
            controlPlanes.switchDatabase(cp.baseUrl(), cluster, urlName);
        } else {
            controlPlanes.switchDatabases(cp.baseUrl(), cluster, urlName, cp.keptReadUrl() == null ? urlName : cp.keptReadUrl());
        }
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
            switchTo(controlPlanes, cp, cluster, cp.rollbackTo());
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
