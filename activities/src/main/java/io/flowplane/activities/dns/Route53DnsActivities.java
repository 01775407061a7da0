package io.flowplane.activities.dns;

import io.flowplane.activities.aws.AwsClients;
import io.flowplane.activities.aws.AwsFailures;
import io.flowplane.activities.config.DnsSettings;
import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.support.HeartbeatingPoll;
import io.flowplane.workflows.activity.DnsActivities;
import io.flowplane.workflows.activity.DnsChange;
import io.flowplane.workflows.activity.DnsRecord;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** {@link DnsActivities} through the AWS SDK's Route 53 client. */
public class Route53DnsActivities implements DnsActivities, AutoCloseable {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Set<String> ADDRESS_TYPES = Set.of("A", "AAAA", "CNAME");

    private final WorkerClusters clusters;
    private final Map<String, Route53Client> clients = new ConcurrentHashMap<>();

    public Route53DnsActivities(WorkerClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public DnsRecord describeRecord(String cluster) {
        DnsSettings dns = clusters.cluster(cluster).requireDns();
        ResourceRecordSet set = call("ListResourceRecordSets " + dns.record(), () -> find(dns));
        List<String> values = set.resourceRecords().stream().map(ResourceRecord::value).toList();
        return new DnsRecord(dns.hostedZoneId(), set.name(), set.typeAsString(), set.ttl() == null ? 0 : set.ttl(), values,
                dns.controlPlaneFor(values));
    }

    @Override
    public DnsChange pointAt(String cluster, String controlPlane) {
        DnsSettings dns = clusters.cluster(cluster).requireDns();
        String value = dns.valueFor(controlPlane);
        if (value == null) {
            throw ApplicationFailure.newNonRetryableFailure("the worker's dns section for " + cluster + " gives no value for "
                    + controlPlane + "; targets: " + dns.targets().keySet(), "UnknownDnsTarget");
        }
        DnsRecord now = describeRecord(cluster);
        if (now.values().equals(List.of(value))) {
            return new DnsChange(null, ChangeStatus.INSYNC.toString(), false, now.name() + " already holds " + value);
        }
        ChangeInfo change = call("ChangeResourceRecordSets " + dns.record(), () -> client(dns).changeResourceRecordSets(r -> r
                .hostedZoneId(dns.hostedZoneId())
                .changeBatch(b -> b.comment("Flowplane: control plane of " + cluster + " is " + controlPlane)
                        .changes(c -> c.action(ChangeAction.UPSERT).resourceRecordSet(s -> s
                                .name(now.name()).type(now.type()).ttl(now.ttlSeconds())
                                .resourceRecords(ResourceRecord.builder().value(value).build()))))).changeInfo());
        return new DnsChange(change.id(), change.statusAsString(), true, now.name() + " " + now.values() + " -> [" + value + "], TTL "
                + now.ttlSeconds() + " s kept");
    }

    @Override
    public DnsChange awaitInSync(String cluster, String changeId, int timeoutSeconds) {
        if (changeId == null) {
            return new DnsChange(null, ChangeStatus.INSYNC.toString(), false, "nothing changed");
        }
        DnsSettings dns = clusters.cluster(cluster).requireDns();
        HeartbeatingPoll poll = HeartbeatingPoll.start(timeoutSeconds);
        while (true) {
            ChangeInfo info = call("GetChange " + changeId, () -> client(dns).getChange(r -> r.id(changeId)).changeInfo());
            if (info.status() == ChangeStatus.INSYNC) {
                return new DnsChange(changeId, info.statusAsString(), true, "INSYNC");
            }
            poll.beat(changeId + " " + info.statusAsString());
            if (poll.expired()) {
                throw ApplicationFailure.newNonRetryableFailure("Route 53 change " + changeId + " is still " + info.statusAsString()
                        + " after " + timeoutSeconds + " s", "ChangeNotInSync");
            }
            poll.pause(POLL);
        }
    }

    private ResourceRecordSet find(DnsSettings dns) {
        // A zone that does not exist answers NoSuchHostedZone here too.
        return client(dns).listResourceRecordSets(r -> r.hostedZoneId(dns.hostedZoneId()).startRecordName(dns.record()))
                .resourceRecordSets().stream()
                .filter(s -> s.name().equalsIgnoreCase(dns.record()) && ADDRESS_TYPES.contains(s.typeAsString()))
                .findFirst()
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("hosted zone " + dns.hostedZoneId() + " has no A, AAAA or"
                        + " CNAME record " + dns.record() + "; create it first: Flowplane changes a record, it does not invent one",
                        "RecordNotFound"));
    }

    private Route53Client client(DnsSettings dns) {
        return clients.computeIfAbsent(String.valueOf(dns.endpoint()),
                k -> AwsClients.configure(Route53Client.builder().region(Region.AWS_GLOBAL), dns.endpoint()).build());
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw AwsFailures.of(what, e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(Route53Client::close);
    }
}
