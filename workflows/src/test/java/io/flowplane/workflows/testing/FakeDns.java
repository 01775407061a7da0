package io.flowplane.workflows.testing;

import io.flowplane.workflows.activity.DnsActivities;
import io.flowplane.workflows.activity.DnsChange;
import io.flowplane.workflows.activity.DnsRecord;
import java.util.List;
import java.util.Map;

/**
 * Route 53 as the DNS workflow sees it: record xds.flowplane.test (A, TTL 30 s) holding the value of one of
 * {@link FakeCluster}'s control planes. Pointing it elsewhere tells the fake cluster where a drained control
 * plane's Envoys reconnect.
 */
public final class FakeDns implements DnsActivities {
    public final Map<String, String> values;
    private final FakeCluster cluster;
    public volatile String value;
    /** Whether a drained control plane's Envoys find the new value (false: they come back to the old one). */
    public volatile boolean envoysFollow = true;

    public FakeDns(FakeCluster cluster, Map<String, String> values, String pointingAt) {
        this.cluster = cluster;
        this.values = Map.copyOf(values);
        this.value = values.get(pointingAt);
    }

    @Override
    public DnsRecord describeRecord(String clusterName) {
        cluster.calls.add("dns.describeRecord");
        String controlPlane = values.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
        return new DnsRecord("Z1", "xds.flowplane.test.", "A", 30, List.of(value), controlPlane);
    }

    @Override
    public DnsChange pointAt(String clusterName, String controlPlane) {
        cluster.calls.add("dns.pointAt " + controlPlane);
        if (values.get(controlPlane).equals(value)) {
            return new DnsChange(null, "INSYNC", false, "already");
        }
        value = values.get(controlPlane);
        cluster.reconnectTo = envoysFollow ? controlPlane : null;
        return new DnsChange("C1", "PENDING", true, "changed");
    }

    @Override
    public DnsChange awaitInSync(String clusterName, String changeId, int timeoutSeconds) {
        cluster.calls.add("dns.awaitInSync " + changeId);
        return new DnsChange(changeId, "INSYNC", changeId != null, "INSYNC");
    }
}
