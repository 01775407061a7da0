package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final Map<String, String> readUrlNames;
    private final UnaryOperator<String> leftBehindNote;
    /** Filled by the switch: what each control plane must report from then on. */
    private final Map<String, Expected> expected = new HashMap<>();

    /**
     * Where a moved control plane writes (xds-service: reads, it writes nothing) and reads, and whether it must be
     * writable: an xds-service reading from its region's reader reports read-only, rightly.
     */
    private record Expected(String database, String readDatabase, boolean writable) {}

    public ControlPlaneMove(Runbook runbook, String cluster, List<String> moving, UnaryOperator<String> leftBehindNote) {
        this(runbook, cluster, moving, Map.of(), leftBehindNote);
    }

    /**
     * @param moving         the control planes to move, decided once in preflight
     * @param readUrlNames   control plane -> the URL name it reads from after the move (its region's reader); one
     *                       not named reads where it writes, or where its process was told to
     * @param leftBehindNote from what was not done to them ("not switched") to a note naming the ones left behind, or ""
     */
    public ControlPlaneMove(Runbook runbook, String cluster, List<String> moving, Map<String, String> readUrlNames,
            UnaryOperator<String> leftBehindNote) {
        this.readUrlNames = Map.copyOf(readUrlNames);
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
            Map<String, String> readDatabases = new HashMap<>();
            for (String url : moving) {
                String read = readUrlNames.get(url);
                ControlPlaneStatus status;
                Expected now;
                if (read == null) {
                    status = calls.controlPlanes(SWITCH, url).switchDatabase(url, cluster, urlName);
                    now = new Expected(database, null, true);
                } else {
                    String readDatabase = readDatabases.computeIfAbsent(read, name -> calls.topology(SWITCH, name).describeUrl(cluster, name));
                    status = calls.controlPlanes(SWITCH, url).switchDatabases(url, cluster, urlName, read);
                    now = status.servesDataplanes() ? new Expected(readDatabase, readDatabase, false) : new Expected(database, readDatabase, true);
                }
                if (!now.database().equals(status.database()) || (now.readDatabase() != null && !now.readDatabase().equals(status.readDatabase()))) {
                    throw ApplicationFailure.newNonRetryableFailure(url + " reports " + status.database()
                            + (status.readDatabase() == null ? "" : ", reading " + status.readDatabase()) + " after switching to "
                            + now.database() + (now.readDatabase() == null ? "" : ", reading " + now.readDatabase()), "SwitchNotApplied");
                }
                expected.put(url, now);
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
                Expected now = expectedOf(url, database);
                restarts.restartAndAwait(url, drainSeconds, now.database(), now.writable());
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
                Expected now = expectedOf(url, database);
                if (!status.reachable() || !status.healthy() || (now.writable() && status.readOnly())
                        || !now.database().equals(status.database())) {
                    problems.add("not healthy" + (now.writable() ? " and writable" : "") + " on " + now.database() + ": " + status.summary());
                } else if (now.readDatabase() != null && !now.readDatabase().equals(status.readDatabase())) {
                    problems.add(url + " reads from " + status.readDatabase() + ", not " + now.readDatabase());
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

    private Expected expectedOf(String url, String database) {
        return expected.getOrDefault(url, new Expected(database, null, true));
    }
}
