package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The second half of every failover runbook, once a new database takes writes: switch each control plane
 * to it, restart them one at a time, and verify. Workflow code; the runbook's steps are {@link #SWITCH},
 * {@link #RESTART} and {@link #VERIFY}.
 */
public final class ControlPlaneMove {
    public static final String SWITCH = "switch-control-planes";
    public static final String RESTART = "restart-control-planes";
    public static final String VERIFY = "verify";

    private final Runbook runbook;
    private final StepCalls calls;
    private final ControlPlaneRestarts restarts;
    private final String cluster;
    private final List<String> moving;
    private final UnaryOperator<String> leftBehindNote;

    /**
     * @param moving         the control planes to move, decided once in preflight
     * @param leftBehindNote from what was not done to them ("not switched") to a note naming the ones left behind, or ""
     */
    public ControlPlaneMove(Runbook runbook, String cluster, List<String> moving, UnaryOperator<String> leftBehindNote) {
        this.runbook = runbook;
        this.calls = new StepCalls(runbook);
        this.restarts = new ControlPlaneRestarts(url -> calls.controlPlanes(RESTART, url));
        this.cluster = cluster;
        this.moving = List.copyOf(moving);
        this.leftBehindNote = leftBehindNote;
    }

    /** Switches every moving control plane to the URL the worker names {@code urlName}; returns its host:port/database. */
    public String switchTo(String urlName) {
        return runbook.run(SWITCH, () -> {
            String database = calls.topology(SWITCH, urlName).describeUrl(cluster, urlName);
            for (String url : moving) {
                ControlPlaneStatus status = calls.controlPlanes(SWITCH, url).switchDatabase(url, cluster, urlName);
                if (!database.equals(status.database())) {
                    throw ApplicationFailure.newNonRetryableFailure(url + " reports " + status.database()
                            + " after switching to " + database, "SwitchNotApplied");
                }
                runbook.note(SWITCH, "switched " + url);
            }
            return database;
        }, database -> moving.size() + " control planes switched to " + database + leftBehindNote.apply("not switched"));
    }

    /** One at a time, each back healthy and writable on {@code database} before the next. */
    public void restartOneAtATime(String database, int drainSeconds) {
        runbook.run(RESTART, () -> {
            for (String url : moving) {
                runbook.note(RESTART, "restarting " + url);
                restarts.restartAndAwait(url, drainSeconds, database, true);
            }
        }, "each came back healthy on " + database + leftBehindNote.apply("not restarted"));
    }

    /**
     * Every moving control plane healthy and writable on {@code database}, its dataplanes in sync, serving
     * {@code after}'s revision or later; {@code databaseProblems} (found by the caller) fail the step too.
     *
     * @param databaseNote what the caller checked of the database, appended to the step's detail
     */
    public List<ControlPlaneStatus> verify(String database, ConfigSnapshot after, List<String> databaseProblems, String databaseNote) {
        return runbook.run(VERIFY, () -> {
            List<String> problems = new ArrayList<>(databaseProblems);
            List<ControlPlaneStatus> statuses = new ArrayList<>();
            for (String url : moving) {
                ControlPlaneStatus status = calls.controlPlanes(VERIFY, url).status(url);
                statuses.add(status);
                if (!status.reachable() || !status.healthy() || status.readOnly() || !database.equals(status.database())) {
                    problems.add("not healthy and writable on " + database + ": " + status.summary());
                } else if (status.servesDataplanes() && !status.dataplanesInSync()) {
                    problems.add("dataplanes not in sync: " + status.summary());
                } else if (status.configRevision() < after.revision()) {
                    problems.add(url + " serves revision " + status.configRevision() + ", older than " + after.revision());
                }
            }
            if (!problems.isEmpty()) {
                throw ApplicationFailure.newNonRetryableFailure(String.join("; ", problems), "VerificationFailed");
            }
            return statuses;
        }, statuses -> "all " + statuses.size() + " control planes on " + database + " at revision >= " + after.revision()
                + databaseNote + leftBehindNote.apply("not verified"));
    }
}
