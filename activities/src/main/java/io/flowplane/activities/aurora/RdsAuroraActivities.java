package io.flowplane.activities.aurora;

import io.flowplane.activities.aws.AwsFailures;
import io.flowplane.activities.config.AuroraSettings;
import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.support.HeartbeatingPoll;
import io.flowplane.workflows.activity.AuroraGlobalActivities;
import io.flowplane.workflows.activity.AuroraGlobalStatus;
import io.flowplane.workflows.activity.AuroraMemberStatus;
import io.flowplane.workflows.activity.AuroraMoveStarted;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.GlobalCluster;
import software.amazon.awssdk.services.rds.model.GlobalClusterMember;

/** {@link AuroraGlobalActivities} through the AWS SDK's RDS client. */
public class RdsAuroraActivities implements AuroraGlobalActivities {
    /** How often the wait for the new writer asks RDS: the delay it adds after RDS is done is at most this. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final WorkerClusters clusters;
    private final RdsClients rds;
    private final Duration pollInterval;

    public RdsAuroraActivities(WorkerClusters clusters, RdsClients rds, Duration pollInterval) {
        this.clusters = clusters;
        this.rds = rds;
        this.pollInterval = pollInterval;
    }

    @Override
    public AuroraGlobalStatus describe(String cluster) {
        AuroraSettings settings = clusters.cluster(cluster).requireAurora();
        return call("DescribeGlobalClusters " + settings.globalCluster(), () -> status(settings, rds.home(settings)));
    }

    @Override
    public AuroraMoveStarted switchover(String cluster, String target) {
        return move(cluster, target, false);
    }

    @Override
    public AuroraMoveStarted failoverAllowingDataLoss(String cluster, String target) {
        return move(cluster, target, true);
    }

    @Override
    public AuroraGlobalStatus awaitWriter(String cluster, String target, int timeoutSeconds) {
        AuroraSettings settings = clusters.cluster(cluster).requireAurora();
        HeartbeatingPoll poll = HeartbeatingPoll.start(timeoutSeconds);
        String lastSeen = "nothing yet";
        while (true) {
            try {
                AuroraGlobalStatus now = status(settings, rds.home(settings));
                AuroraMemberStatus member = requireMember(now, target);
                if (member.writer() && !now.moveInProgress() && "available".equals(now.status())
                        && "available".equals(member.clusterStatus())) {
                    return now;
                }
                lastSeen = now.summary();
            } catch (SdkException e) {
                ApplicationFailure failure = AwsFailures.of("DescribeGlobalClusters", e);
                if (failure.isNonRetryable()) {
                    throw failure;
                }
                // Throttling, a cluster between states, an endpoint that did not answer: the next turn may see more.
                lastSeen = failure.getOriginalMessage();
            }
            poll.beat(lastSeen);
            if (poll.expired()) {
                throw ApplicationFailure.newNonRetryableFailure(target + " is not the available writer of " + settings.globalCluster()
                        + " after " + timeoutSeconds + " s; last: " + lastSeen, "NewWriterNotReady");
            }
            poll.pause(pollInterval);
        }
    }

    private AuroraMoveStarted move(String cluster, String target, boolean allowDataLoss) {
        AuroraSettings settings = clusters.cluster(cluster).requireAurora();
        String action = allowDataLoss ? "FailoverGlobalCluster" : "SwitchoverGlobalCluster";
        AuroraGlobalStatus now = describe(cluster);
        AuroraMemberStatus member = requireMember(now, target);
        if (now.moveInProgress()) {
            if (member.arn().equals(now.failoverTo())) {
                return new AuroraMoveStarted(target, false, "already under way: " + now.failoverStatus() + " to " + target);
            }
            throw ApplicationFailure.newNonRetryableFailure(settings.globalCluster() + " is already " + now.failoverStatus()
                    + " to " + now.failoverTo() + "; not asking for " + target, "MoveInProgress");
        }
        if (member.writer()) {
            return new AuroraMoveStarted(target, false, target + " is already the writer");
        }
        // The target's own region answers for it, which matters most when the writer's region is the one lost.
        RdsClient client = rds.forRegion(settings, member.region());
        GlobalCluster answered = call(action + " to " + target, () -> allowDataLoss
                ? client.failoverGlobalCluster(r -> r.globalClusterIdentifier(settings.globalCluster())
                        .targetDbClusterIdentifier(member.arn()).allowDataLoss(true)).globalCluster()
                : client.switchoverGlobalCluster(r -> r.globalClusterIdentifier(settings.globalCluster())
                        .targetDbClusterIdentifier(member.arn())).globalCluster());
        String state = answered.failoverState() == null ? answered.status() : answered.failoverState().statusAsString();
        return new AuroraMoveStarted(target, true, action + " accepted; " + state);
    }

    private AuroraGlobalStatus status(AuroraSettings settings, RdsClient home) {
        List<GlobalCluster> found = home.describeGlobalClusters(r -> r.globalClusterIdentifier(settings.globalCluster())).globalClusters();
        if (found.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("RDS knows no global cluster " + settings.globalCluster(), "GlobalClusterNotFound");
        }
        GlobalCluster global = found.get(0);
        List<AuroraMemberStatus> members = new ArrayList<>();
        for (GlobalClusterMember m : global.globalClusterMembers()) {
            Arn arn = Arn.parse(m.dbClusterArn());
            // Each regional cluster is described by its own region's endpoint.
            DBCluster db = describeCluster(rds.forRegion(settings, arn.region()), m.dbClusterArn());
            members.add(new AuroraMemberStatus(arn.clusterId(), m.dbClusterArn(), arn.region(), Boolean.TRUE.equals(m.isWriter()),
                    m.synchronizationStatusAsString(), db == null ? "unknown" : db.status(), db == null ? null : db.engineVersion()));
        }
        var failover = global.failoverState();
        return new AuroraGlobalStatus(global.globalClusterIdentifier(), global.status(), global.engineVersion(),
                failover == null ? null : failover.statusAsString(),
                failover == null ? null : failover.fromDbClusterArn(),
                failover == null ? null : failover.toDbClusterArn(), members);
    }

    private static DBCluster describeCluster(RdsClient client, String arn) {
        List<DBCluster> clusters = client.describeDBClusters(r -> r.dbClusterIdentifier(arn)).dbClusters();
        return clusters.isEmpty() ? null : clusters.get(0);
    }

    private static AuroraMemberStatus requireMember(AuroraGlobalStatus status, String clusterId) {
        return status.member(clusterId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(clusterId
                + " is not a member of global cluster " + status.globalClusterId() + "; members: "
                + status.members().stream().map(AuroraMemberStatus::clusterId).toList(), "NotAMember"));
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw AwsFailures.of(what, e);
        }
    }

    /** The parts of an RDS cluster ARN, arn:aws:rds:REGION:ACCOUNT:cluster:ID. */
    record Arn(String region, String clusterId) {
        static Arn parse(String arn) {
            String[] parts = arn == null ? new String[0] : arn.split(":");
            if (parts.length != 7 || !"rds".equals(parts[2]) || !"cluster".equals(parts[5])) {
                throw ApplicationFailure.newNonRetryableFailure("not an RDS cluster ARN: " + arn, "UnexpectedArn");
            }
            return new Arn(parts[3], parts[6]);
        }
    }
}
