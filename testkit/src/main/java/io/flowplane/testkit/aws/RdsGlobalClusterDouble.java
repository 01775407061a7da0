package io.flowplane.testkit.aws;

import io.flowplane.testkit.PostgresMember;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A TEST DOUBLE of Amazon RDS for one Aurora Global Database, because nothing real exists for it here:
 * moto implements neither {@code SwitchoverGlobalCluster} nor {@code FailoverGlobalCluster}, and hard-codes
 * the global cluster's state. It speaks the RDS Query API (SigV4-signed requests, XML answers, AWS error
 * codes) to the real AWS SDK, for the actions Flowplane calls, and each regional cluster is a real
 * PostgreSQL server: a switchover really fences the writer, waits until the target has replayed
 * everything, promotes it and rebuilds the old writer as its replica, going through AWS's intermediate
 * states; a failover promotes at once and leaves the old writer fenced and {@code pending-resync}.
 */
public final class RdsGlobalClusterDouble implements AutoCloseable {
    public static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";

    private final String globalClusterId;
    private final List<AuroraClusterDouble> clusters;
    private final Duration stepDelay;
    private final AwsQueryServer server;
    private final ExecutorService work = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rds-double-switchover");
        t.setDaemon(true);
        return t;
    });
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final java.util.concurrent.Semaphore promotionGate = new java.util.concurrent.Semaphore(1);
    private String status = "available";
    private FailoverStateDouble failoverState;
    private Instant writerChangedAt;
    private Instant moveEndedAt;

    /** What {@code FailoverState} shows while an operation runs. */
    record FailoverStateDouble(String status, String from, String to, boolean dataLossAllowed) {}

    private RdsGlobalClusterDouble(Builder builder) {
        this.globalClusterId = builder.globalClusterId;
        this.clusters = List.copyOf(builder.clusters);
        this.stepDelay = builder.stepDelay;
        this.server = new AwsQueryServer("rds", NAMESPACE, Map.<String, Function<Map<String, String>, String>>of(
                "DescribeGlobalClusters", this::describeGlobalClusters,
                "DescribeDBClusters", this::describeDbClusters,
                "SwitchoverGlobalCluster", p -> startMove(p, false),
                "FailoverGlobalCluster", this::failoverGlobalCluster));
    }

    public static Builder builder(String globalClusterId) {
        return new Builder(globalClusterId);
    }

    /** The SDK's {@code endpointOverride}. */
    public String endpoint() {
        return server.endpoint();
    }

    public AwsQueryServer server() {
        return server;
    }

    public String arn(String clusterId) {
        return cluster(clusterId).arn();
    }

    public synchronized String writer() {
        return clusters.stream().filter(c -> c.writer).map(c -> c.id).findFirst().orElseThrow();
    }

    /** When the writer last changed (the promotion), if it has. */
    public synchronized Optional<Instant> writerChangedAt() {
        return Optional.ofNullable(writerChangedAt);
    }

    /** When RDS last finished a move: the target writer, FailoverState gone, the global cluster available. */
    public synchronized Optional<Instant> moveEndedAt() {
        return Optional.ofNullable(moveEndedAt);
    }

    /** What the double did to the PostgreSQL servers, in order ("fenced flowplane-us", "promoted flowplane-eu", ...). */
    public List<String> events() {
        return List.copyOf(events);
    }

    /** Moves started from now on stop before the promotion, in their running state, until {@link #releasePromotion()}. */
    public void holdPromotion() {
        promotionGate.acquireUninterruptibly();
    }

    public void releasePromotion() {
        promotionGate.release();
    }

    public synchronized String engineVersion(String clusterId) {
        return cluster(clusterId).engineVersion;
    }

    public synchronized void setEngineVersion(String clusterId, String version) {
        cluster(clusterId).engineVersion = version;
    }

    public synchronized void setSynchronizationStatus(String clusterId, String synchronizationStatus) {
        cluster(clusterId).synchronizationStatus = synchronizationStatus;
    }

    private synchronized String describeGlobalClusters(Map<String, String> p) {
        String wanted = p.get("GlobalClusterIdentifier");
        if (wanted != null && !wanted.equalsIgnoreCase(globalClusterId)) {
            throw new AwsFault(404, "GlobalClusterNotFoundFault", "Global cluster " + wanted + " not found");
        }
        Xml xml = new Xml().open("GlobalClusters");
        describeGlobalCluster(xml, "GlobalClusterMember");
        return xml.close("GlobalClusters").toString();
    }

    private void describeGlobalCluster(Xml xml, String element) {
        xml.open(element)
                .text("GlobalClusterIdentifier", globalClusterId)
                .text("GlobalClusterResourceId", "cluster-" + globalClusterId)
                .text("GlobalClusterArn", "arn:aws:rds::" + AuroraClusterDouble.ACCOUNT + ":global-cluster:" + globalClusterId)
                .text("Status", status)
                .text("Engine", "aurora-postgresql")
                .text("EngineVersion", clusters.get(0).engineVersion)
                .text("DatabaseName", "flowplane")
                .text("StorageEncrypted", true)
                .text("DeletionProtection", false)
                .open("GlobalClusterMembers");
        for (AuroraClusterDouble c : clusters) {
            xml.open("GlobalClusterMember").text("DBClusterArn", c.arn()).open("Readers");
            if (c.writer) {
                clusters.stream().filter(r -> !r.writer).forEach(r -> xml.text("member", r.arn()));
            }
            xml.close("Readers").text("IsWriter", c.writer).text("SynchronizationStatus", c.synchronizationStatus)
                    .close("GlobalClusterMember");
        }
        xml.close("GlobalClusterMembers");
        if (failoverState != null) {
            xml.open("FailoverState").text("Status", failoverState.status()).text("FromDbClusterArn", failoverState.from())
                    .text("ToDbClusterArn", failoverState.to()).text("IsDataLossAllowed", failoverState.dataLossAllowed())
                    .close("FailoverState");
        }
        xml.close(element);
    }

    private synchronized String describeDbClusters(Map<String, String> p) {
        String wanted = p.get("DBClusterIdentifier");
        List<AuroraClusterDouble> shown = wanted == null ? clusters : List.of(clusterOrFault(wanted));
        Xml xml = new Xml().open("DBClusters");
        shown.forEach(c -> c.describe(xml, globalClusterId));
        return xml.close("DBClusters").toString();
    }

    private String failoverGlobalCluster(Map<String, String> p) {
        boolean allowDataLoss = "true".equals(p.get("AllowDataLoss"));
        if (allowDataLoss && "true".equals(p.get("Switchover"))) {
            throw new AwsFault(400, "InvalidParameterCombination", "AllowDataLoss and Switchover cannot both be set");
        }
        // Without AllowDataLoss, FailoverGlobalCluster is a switchover.
        return startMove(p, allowDataLoss);
    }

    private synchronized String startMove(Map<String, String> p, boolean allowDataLoss) {
        String global = p.get("GlobalClusterIdentifier");
        if (global == null || !global.equalsIgnoreCase(globalClusterId)) {
            throw new AwsFault(404, "GlobalClusterNotFoundFault", "Global cluster " + global + " not found");
        }
        String targetName = p.get("TargetDbClusterIdentifier");
        if (targetName == null) {
            throw new AwsFault(400, "MissingParameter", "The request must contain the parameter TargetDbClusterIdentifier");
        }
        AuroraClusterDouble target = clusterOrFault(targetName);
        if (failoverState != null) {
            throw new AwsFault(400, "InvalidGlobalClusterStateFault", "Global cluster " + globalClusterId
                    + " already has a " + failoverState.status() + " operation in progress");
        }
        if (target.writer) {
            throw new AwsFault(400, "InvalidGlobalClusterStateFault", targetName + " is already the primary cluster");
        }
        AuroraClusterDouble from = cluster(writer());
        if (!allowDataLoss && clusters.stream().anyMatch(c -> !c.engineVersion.equals(from.engineVersion))) {
            throw new AwsFault(400, "InvalidGlobalClusterStateFault", "All clusters must run the same engine version");
        }
        failoverState = new FailoverStateDouble("pending", from.arn(), target.arn(), allowDataLoss);
        status = allowDataLoss ? "failing-over" : "switching-over";
        work.submit(() -> move(from, target, allowDataLoss));
        Xml xml = new Xml();
        describeGlobalCluster(xml, "GlobalCluster");
        return xml.toString();
    }

    /** The operation itself, on the real servers; AWS's states change as it goes. */
    private void move(AuroraClusterDouble from, AuroraClusterDouble to, boolean allowDataLoss) {
        try {
            pause();
            setState(allowDataLoss ? "failing-over" : "switching-over");
            promotionGate.acquireUninterruptibly();
            promotionGate.release();
            if (allowDataLoss) {
                new PostgresMoves(events).promote(to);
                flipWriter(from, to);
                new PostgresMoves(events).fenceIfReachable(from);
            } else {
                PostgresMoves moves = new PostgresMoves(events);
                String finalLsn = moves.fence(from);
                pause();
                moves.awaitReplay(to, finalLsn);
                moves.promote(to);
                flipWriter(from, to);
                for (AuroraClusterDouble other : clusters) {
                    if (other != to) {
                        moves.rejoin(other, to);
                        synchronized (this) {
                            other.synchronizationStatus = "connected";
                        }
                    }
                }
            }
            pause();
            synchronized (this) {
                failoverState = null;
                status = "available";
                moveEndedAt = Instant.now();
            }
        } catch (RuntimeException e) {
            events.add("failed: " + e.getMessage());
            synchronized (this) {
                status = "available";
                failoverState = null;
            }
        }
    }

    private synchronized void setState(String failoverStatus) {
        failoverState = new FailoverStateDouble(failoverStatus, failoverState.from(), failoverState.to(), failoverState.dataLossAllowed());
    }

    private synchronized void flipWriter(AuroraClusterDouble from, AuroraClusterDouble to) {
        from.writer = false;
        to.writer = true;
        clusters.stream().filter(c -> c != to).forEach(c -> c.synchronizationStatus = "pending-resync");
        writerChangedAt = Instant.now();
        events.add("writer is " + to.id);
    }

    private void pause() {
        try {
            Thread.sleep(stepDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private AuroraClusterDouble clusterOrFault(String identifierOrArn) {
        return clusters.stream().filter(c -> c.isNamed(identifierOrArn)).findFirst().orElseThrow(() ->
                new AwsFault(404, "DBClusterNotFoundFault", "DBCluster " + identifierOrArn + " not found."));
    }

    private AuroraClusterDouble cluster(String id) {
        return clusters.stream().filter(c -> c.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cluster " + id + " in the double"));
    }

    @Override
    public void close() {
        work.shutdownNow();
        server.close();
    }

    public static final class Builder {
        private final String globalClusterId;
        private final List<AuroraClusterDouble> clusters = new ArrayList<>();
        private Duration stepDelay = Duration.ofMillis(300);
        private String engineVersion = "16.6";

        private Builder(String globalClusterId) {
            this.globalClusterId = globalClusterId;
        }

        /** A regional cluster; the first one added is the writer, its PostgreSQL the primary. */
        public Builder cluster(String id, String region, PostgresMember postgres) {
            clusters.add(new AuroraClusterDouble(id, region, postgres, engineVersion, clusters.isEmpty()));
            return this;
        }

        /** How long each intermediate state lasts at least (AWS takes minutes; tests want seconds). */
        public Builder stepDelay(Duration delay) {
            this.stepDelay = delay;
            return this;
        }

        public RdsGlobalClusterDouble start() {
            if (clusters.size() < 2) {
                throw new IllegalStateException("a global cluster needs a writer and at least one secondary");
            }
            return new RdsGlobalClusterDouble(this);
        }
    }
}
