package io.flowplane.workflows.dns;

import io.flowplane.workflows.activity.DnsRecord;
import io.flowplane.workflows.operation.OperationResult;
import io.flowplane.workflows.operation.StepProgress;
import java.util.List;

/**
 * @param from           the control plane the record pointed at before, or null when its value was no control plane's
 * @param expectedNodes  the Envoys streaming from {@code from} before the change; empty when it did not answer
 * @param connectedNodes the Envoys streaming from {@code to} at the end
 * @param notReconnected of {@code expectedNodes}, those not streaming from {@code to} when the wait ended
 */
public record DnsFailoverResult(
        String cluster,
        String from,
        String to,
        DnsRecord before,
        DnsRecord after,
        List<String> expectedNodes,
        List<String> connectedNodes,
        List<String> notReconnected,
        String detail,
        List<StepProgress> steps) implements OperationResult {}
