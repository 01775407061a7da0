package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * The DNS record Envoys find the control plane of {@code cluster} by (its {@code dns:} section in the worker's
 * clusters file), in Route 53. Every method is idempotent.
 */
@ActivityInterface(namePrefix = "Dns")
public interface DnsActivities {
    /** The record as Route 53 holds it. Non-retryable {@code ZoneNotFound}, {@code RecordNotFound}, {@code NoDnsRecord}. */
    DnsRecord describeRecord(String cluster);

    /**
     * UPSERTs the record to the value the worker's file gives {@code controlPlane}, keeping its type and TTL;
     * nothing to change when it holds that value already. Non-retryable {@code UnknownDnsTarget}.
     */
    DnsChange pointAt(String cluster, String controlPlane);

    /** Polls GetChange, heartbeating, until INSYNC; non-retryable {@code ChangeNotInSync} after {@code timeoutSeconds}. */
    DnsChange awaitInSync(String cluster, String changeId, int timeoutSeconds);
}
