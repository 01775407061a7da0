package io.flowplane.workflows.controlplane;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.operation.StepProgress;
import java.util.List;

/** Where the control planes are now: {@code database} is host:port/database of the target URL. */
public record RotationResult(String cluster, String target, String database, List<ControlPlaneStatus> controlPlanes, List<StepProgress> steps) {}
