package io.flowplane.workflows.failover;

import io.flowplane.workflows.controlplane.ControlPlaneMove;
import java.util.List;

/** The runbooks' step names, as the progress query and the step-duration metric show them. */
public final class FailoverSteps {
    public static final String PREFLIGHT = "preflight";
    public static final String RECORD_REVISION = "record-revision-and-counts";
    public static final String FENCE = "fence-old-primary";
    public static final String READ_FINAL_LSN = "read-final-lsn";
    public static final String AWAIT_REPLAY = "await-replica-replay";
    public static final String REPORT_LAG = "report-last-known-lag";
    public static final String AWAIT_APPROVAL = "await-data-loss-approval";
    public static final String PROMOTE = "promote";
    public static final String VERIFY_PRIMARY = "verify-new-primary";
    public static final String SWITCH = ControlPlaneMove.SWITCH;
    public static final String RESTART = ControlPlaneMove.RESTART;
    public static final String VERIFY = ControlPlaneMove.VERIFY;
    public static final String REPOINT_REPLICAS = SurvivingReplicas.REPOINT;
    public static final String VERIFY_REPLICAS = SurvivingReplicas.FOLLOW;
    /** Compensation, appended only when a planned failover stops before promotion. */
    public static final String UNFENCE = "unfence-old-primary";

    public static final List<String> PLANNED = List.of(
            PREFLIGHT, FENCE, RECORD_REVISION, READ_FINAL_LSN, AWAIT_REPLAY, PROMOTE, VERIFY_PRIMARY, SWITCH, RESTART, VERIFY);
    public static final List<String> UNPLANNED = List.of(
            PREFLIGHT, REPORT_LAG, AWAIT_APPROVAL, PROMOTE, VERIFY_PRIMARY, SWITCH, RESTART, VERIFY);

    /** Runs that know the regional topology bring the other replicas along. */
    public static final List<String> PLANNED_REGIONAL = List.of(PREFLIGHT, FENCE, RECORD_REVISION, READ_FINAL_LSN, AWAIT_REPLAY,
            REPOINT_REPLICAS, PROMOTE, VERIFY_PRIMARY, VERIFY_REPLICAS, SWITCH, RESTART, VERIFY);
    public static final List<String> UNPLANNED_REGIONAL = List.of(
            PREFLIGHT, REPORT_LAG, AWAIT_APPROVAL, REPOINT_REPLICAS, PROMOTE, VERIFY_PRIMARY, VERIFY_REPLICAS, SWITCH, RESTART, VERIFY);

    private FailoverSteps() {}

    public static List<String> of(FailoverMode mode) {
        return of(mode, false);
    }

    public static List<String> of(FailoverMode mode, boolean regional) {
        if (mode == FailoverMode.PLANNED) {
            return regional ? PLANNED_REGIONAL : PLANNED;
        }
        return regional ? UNPLANNED_REGIONAL : UNPLANNED;
    }
}
