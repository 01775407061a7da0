package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.RegionalTopology;
import io.flowplane.workflows.activity.StreamingReplicas;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas other than the target: repointed to it before its promotion, so none can receive WAL it lacks (they
 * cascade from it, then follow its new timeline), then verified streaming from it, with the new primary's
 * synchronous standby named again where its region has one. Members that cannot come along are left behind, with
 * the reason. Workflow code; its steps are {@link #REPOINT} and {@link #FOLLOW}.
 */
final class SurvivingReplicas {
    static final String REPOINT = "repoint-replicas";
    static final String FOLLOW = "verify-replicas-follow";
    /** The wait sits inside the write outage (before the control planes switch); a cascading replica follows in milliseconds. */
    static final int STREAMING_TIMEOUT_SECONDS = 30;
    private static final String REBUILD = "rebuild it as a replica of the new primary (docs/failover.md, \"Rebuilding the old primary as a replica\")";

    private final Runbook runbook;
    private final StepCalls calls;
    private final ClusterTopology topology;
    private final RegionalTopology regions;
    private final List<String> following = new ArrayList<>();
    private final List<LeftBehindMember> leftBehind = new ArrayList<>();
    private StreamingReplicas streaming;
    private List<String> synchronousStandbys = List.of();

    SurvivingReplicas(Runbook runbook, StepCalls calls, ClusterTopology topology) {
        this.runbook = runbook;
        this.calls = calls;
        this.topology = topology;
        this.regions = topology.regions();
    }

    /** Decided once, from preflight: who follows the target, who is left behind and why. */
    void plan(FailoverMode mode, PreflightReport preflight) {
        String target = preflight.target();
        MemberStatus candidate = preflight.member(target);
        for (String member : topology.members()) {
            MemberStatus status = preflight.member(member);
            if (member.equals(target)) {
                continue;
            }
            if (member.equals(preflight.primary())) {
                leftBehind.add(new LeftBehindMember(member, "the old primary, fenced: " + REBUILD));
            } else if (status == null || !status.reachable()) {
                leftBehind.add(new LeftBehindMember(member, "unreachable in preflight" + (status == null ? "" : " (" + status.error() + ")")
                        + ": " + REBUILD));
            } else if (!status.inRecovery()) {
                leftBehind.add(new LeftBehindMember(member, "out of recovery: " + REBUILD));
            } else if (mode == FailoverMode.PLANNED && !"streaming".equals(status.walReceiverStatus())) {
                // Not following the primary now, it would not follow the target either; waiting for it would prolong the outage.
                leftBehind.add(new LeftBehindMember(member, "not streaming in preflight (wal receiver: " + status.walReceiverStatus()
                        + "): " + REBUILD));
            } else if (mode == FailoverMode.UNPLANNED && ahead(status, candidate)) {
                leftBehind.add(new LeftBehindMember(member, "holds " + Lsn.bytesBetween(status.receiveLsn(), candidate.receiveLsn())
                        + " B of WAL " + target + " never received, so it cannot follow it: " + REBUILD + " with pg_rewind"));
            } else {
                following.add(member);
            }
        }
    }

    /** Step: the target waits for no standby once promoted; every follower streams from it. Before the promotion. */
    void repoint(String cluster, String target) {
        runbook.run(REPOINT, () -> {
            calls.postgres(REPOINT, target).setSynchronousStandbys(cluster, target, List.of());
            for (String member : following) {
                calls.postgres(REPOINT, member).followPrimary(cluster, member, target);
                runbook.note(REPOINT, member + " follows " + target);
            }
        }, (following.isEmpty() ? "no replica to repoint" : String.join(", ", following) + " now stream from " + target)
                + leftBehindNote());
    }

    /** Step: after the promotion, each follower streams from the new primary, and the within-region pair is restored. */
    void awaitFollowing(String cluster, String target) {
        streaming = runbook.run(FOLLOW, () -> {
            StreamingReplicas now = following.isEmpty() ? new StreamingReplicas(target, null, Map.of(), List.of())
                    : calls.postgres(FOLLOW, target).awaitStreaming(cluster, target, following, STREAMING_TIMEOUT_SECONDS);
            now.missing().forEach(member -> leftBehind.add(new LeftBehindMember(member, "did not stream from " + target + " within "
                    + STREAMING_TIMEOUT_SECONDS + " s (it may hold WAL " + target + " never had): " + REBUILD + " with pg_rewind")));
            synchronousStandbys = following.stream()
                    .filter(member -> now.streams(member) && regions.synchronous(member) && regions.sameRegion(member, target)).toList();
            if (!synchronousStandbys.isEmpty()) {
                calls.postgres(FOLLOW, target).setSynchronousStandbys(cluster, target, synchronousStandbys);
            }
            return now;
        }, now -> (now.syncStates().isEmpty() ? "no replica to stream from " + target
                : String.join(", ", now.syncStates().keySet()) + " stream from " + target + " on timeline " + now.timeline())
                + (synchronousStandbys.isEmpty() ? "; no synchronous standby in " + target + "'s region: commits wait for none until one is rebuilt"
                        : "; commits wait for " + String.join(", ", synchronousStandbys))
                + leftBehindNote());
    }

    /**
     * Control plane -> the member it reads from: a replica of its region streaming from {@code target}, or the target
     * itself when its region has none. Control planes without a region are not in it.
     */
    Map<String, String> readUrlNames(List<String> controlPlanes, String target) {
        Map<String, String> reads = new LinkedHashMap<>();
        for (String controlPlane : controlPlanes) {
            String region = regions.controlPlaneRegion(controlPlane);
            if (region != null) {
                reads.put(controlPlane, topology.members().stream()
                        .filter(m -> region.equals(regions.regionOf(m)) && streaming != null && streaming.streams(m))
                        .findFirst().orElse(target));
            }
        }
        return reads;
    }

    List<LeftBehindMember> leftBehind() {
        return List.copyOf(leftBehind);
    }

    StreamingReplicas streaming() {
        return streaming;
    }

    private String leftBehindNote() {
        return leftBehind.isEmpty() ? "" : "; left behind: " + LeftBehindMember.describe(leftBehind);
    }

    private static boolean ahead(MemberStatus member, MemberStatus target) {
        Long bytes = target == null ? null : Lsn.bytesBetween(member.receiveLsn(), target.receiveLsn());
        return bytes != null && bytes > 0;
    }
}
