package io.flowplane.workflows.aurora;

import io.flowplane.workflows.controlplane.ControlPlaneMove;
import java.util.List;

/** The Aurora runbooks' step names, as the progress query, the Web UI and the step-duration metric show them. */
public final class AuroraSteps {
    public static final String PREFLIGHT = "preflight";
    public static final String RECORD_REVISION = "record-revision-and-counts";
    public static final String REQUEST_SWITCHOVER = "request-switchover";
    public static final String AWAIT_APPROVAL = "await-data-loss-approval";
    public static final String REQUEST_FAILOVER = "request-failover-allowing-data-loss";
    public static final String AWAIT_WRITER = "await-new-writer";
    public static final String VERIFY_WRITER = "verify-new-writer";

    public static final List<String> SWITCHOVER = List.of(PREFLIGHT, RECORD_REVISION, REQUEST_SWITCHOVER, AWAIT_WRITER, VERIFY_WRITER,
            ControlPlaneMove.SWITCH, ControlPlaneMove.RESTART, ControlPlaneMove.VERIFY);
    public static final List<String> FAILOVER = List.of(PREFLIGHT, AWAIT_APPROVAL, REQUEST_FAILOVER, AWAIT_WRITER, VERIFY_WRITER,
            ControlPlaneMove.SWITCH, ControlPlaneMove.RESTART, ControlPlaneMove.VERIFY);

    private AuroraSteps() {}
}
