package io.flowplane.workflows.dns;

import io.flowplane.workflows.operation.StepProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The guide's "Control Plane Failover", step 1 and 2: point the DNS record Envoys find their control plane
 * by at another control plane, and see the Envoys reconnect to it.
 */
@WorkflowInterface
public interface ControlPlaneDnsWorkflow {
    String KIND = "control-plane-dns";

    @WorkflowMethod
    DnsFailoverResult repoint(DnsFailoverRequest request);

    @QueryMethod
    List<StepProgress> progress();
}
