package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.operation.StepProgress;
import java.util.List;

/** Each control plane's status once it was back, in restart order. */
public record RollingRestartResult(List<ControlPlaneStatus> controlPlanes, List<StepProgress> steps) {}
