package io.flowplane.workflows.testing;

import io.flowplane.workflows.activity.AuroraGlobalActivities;
import io.flowplane.workflows.activity.AuroraGlobalStatus;
import io.flowplane.workflows.activity.AuroraMemberStatus;
import io.flowplane.workflows.activity.AuroraMoveStarted;
import java.util.ArrayList;
import java.util.List;

/**
 * RDS as the Aurora workflows see it, in memory, over {@link FakeCluster}'s members: east (us-east-1) is the
 * writer, west (eu-west-1) a connected secondary. A move promotes west in the fake cluster when awaited.
 */
public final class FakeAurora implements AuroraGlobalActivities {
    private final FakeCluster cluster;
    public volatile String writer = "east";
    public volatile String movingTo;
    public volatile String westSynchronization = "connected";
    public volatile String westEngineVersion = "16.6";
    private volatile java.util.concurrent.CountDownLatch writerGate = new java.util.concurrent.CountDownLatch(0);

    public FakeAurora(FakeCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public AuroraGlobalStatus describe(String clusterName) {
        cluster.calls.add("aurora.describe");
        return status();
    }

    @Override
    public AuroraMoveStarted switchover(String clusterName, String target) {
        cluster.calls.add("aurora.switchover " + target);
        return move(target);
    }

    @Override
    public AuroraMoveStarted failoverAllowingDataLoss(String clusterName, String target) {
        cluster.calls.add("aurora.failoverAllowingDataLoss " + target);
        return move(target);
    }

    /** From now on the wait for the new writer blocks (for real, up to 15 s) until {@link #releaseWriter()}. */
    public void holdWriter() {
        writerGate = new java.util.concurrent.CountDownLatch(1);
    }

    public void releaseWriter() {
        writerGate.countDown();
    }

    @Override
    public AuroraGlobalStatus awaitWriter(String clusterName, String target, int timeoutSeconds) {
        cluster.calls.add("aurora.awaitWriter " + target);
        try {
            writerGate.await(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (target.equals(movingTo)) {
            writer = target;
            movingTo = null;
            cluster.members.put(target, FakeCluster.primary(target));
        }
        return status();
    }

    private AuroraMoveStarted move(String target) {
        if (target.equals(writer)) {
            return new AuroraMoveStarted(target, false, target + " is already the writer");
        }
        movingTo = target;
        return new AuroraMoveStarted(target, true, "accepted; pending");
    }

    private AuroraGlobalStatus status() {
        List<AuroraMemberStatus> members = new ArrayList<>();
        members.add(new AuroraMemberStatus("east", "arn:aws:rds:us-east-1:1:cluster:east", "us-east-1", writer.equals("east"),
                "connected", "available", "16.6"));
        members.add(new AuroraMemberStatus("west", "arn:aws:rds:eu-west-1:1:cluster:west", "eu-west-1", writer.equals("west"),
                westSynchronization, "available", westEngineVersion));
        return new AuroraGlobalStatus("global", "available", "16.6", movingTo == null ? null : "switching-over",
                movingTo == null ? null : members.get(0).arn(), movingTo == null ? null : members.get(1).arn(), members);
    }
}
