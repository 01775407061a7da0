package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.RegionalTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Decides from what preflight saw whether a failover may proceed. Pure, so workflows can call it. */
public final class PreflightCheck {
    private PreflightCheck() {}

    /** Today's rules: planned needs every control plane healthy; unplanned leaves those that do not answer behind. */
    public static PreflightReport evaluate(
            String cluster, FailoverMode mode, String target, List<MemberStatus> members, List<ControlPlaneStatus> controlPlanes) {
        return evaluate(cluster, mode, target, members, controlPlanes, true);
    }

    /**
     * @param leaveLostControlPlanesBehind unplanned only: a control plane that does not answer is left behind
     *                                     instead of being a problem, as long as one answers. False is the rule of
     *                                     runs started before that, when every control plane had to answer.
     */
    public static PreflightReport evaluate(String cluster, FailoverMode mode, String target, List<MemberStatus> members,
            List<ControlPlaneStatus> controlPlanes, boolean leaveLostControlPlanesBehind) {
        return evaluate(cluster, mode, target, members, controlPlanes, leaveLostControlPlanesBehind, false);
    }

    /**
     * @param leaveUnreachableReplicasBehind planned only: a member other than the primary and the target that does not
     *                                       answer is left behind instead of being a problem (runs that know the
     *                                       regional topology and bring the other replicas along)
     */
    public static PreflightReport evaluate(String cluster, FailoverMode mode, String target, List<MemberStatus> members,
            List<ControlPlaneStatus> controlPlanes, boolean leaveLostControlPlanesBehind, boolean leaveUnreachableReplicasBehind) {
        List<MemberStatus> primaries = members.stream().filter(MemberStatus::reachablePrimary).toList();
        MemberStatus primary = primaries.size() == 1 ? primaries.get(0) : null;
        MemberStatus replica = members.stream().filter(m -> m.member().equals(target)).findFirst().orElse(null);
        List<String> problems = mode == FailoverMode.PLANNED
                ? planned(target, leaveUnreachableReplicasBehind ? members.stream().filter(m -> m.member().equals(target)).toList()
                        : members, primaries, replica, controlPlanes)
                : unplanned(target, primaries, replica, controlPlanes, leaveLostControlPlanesBehind);
        List<LeftBehindControlPlane> leftBehind = mode == FailoverMode.UNPLANNED && leaveLostControlPlanesBehind
                ? controlPlanes.stream().filter(cp -> !cp.reachable()).map(LeftBehindControlPlane::of).toList()
                : List.of();
        Long lagBytes = null;
        Double lagSeconds = null;
        if (replica != null && replica.reachableReplica()) {
            if (mode == FailoverMode.PLANNED && primary != null) {
                // The two positions are read one after the other: a replica that replayed in between looks ahead.
                Long behind = Lsn.bytesBetween(primary.currentLsn(), replica.replayLsn());
                lagBytes = behind == null ? null : Math.max(0, behind);
                lagSeconds = replica.replayLagSeconds();
            } else {
                lagBytes = Lsn.bytesBetween(replica.receiveLsn(), replica.replayLsn());
                lagSeconds = replica.lastReplayAgeSeconds();
            }
        }
        return new PreflightReport(cluster, target, primary == null ? null : primary.member(), members, controlPlanes, leftBehind,
                lagBytes, lagSeconds, problems);
    }

    private static List<String> planned(String target, List<MemberStatus> members, List<MemberStatus> primaries,
            MemberStatus replica, List<ControlPlaneStatus> controlPlanes) {
        List<String> problems = new ArrayList<>();
        members.stream().filter(m -> !m.reachable()).forEach(m -> problems.add(m.member() + " is unreachable: " + m.error()));
        if (primaries.size() != 1) {
            problems.add("expected exactly one primary, found " + primaries.stream().map(MemberStatus::member).toList());
        }
        if (replica == null || !replica.reachable()) {
            return withControlPlanes(problems, controlPlanes, true);
        }
        if (!replica.inRecovery()) {
            problems.add(target + " is not a replica (not in recovery)");
            return withControlPlanes(problems, controlPlanes, true);
        }
        if (!"streaming".equals(replica.walReceiverStatus())) {
            problems.add(target + " is not streaming from a primary (wal receiver: " + replica.walReceiverStatus() + ")");
        }
        if (replica.replayPaused()) {
            problems.add("WAL replay is paused on " + target);
        }
        if (primaries.size() == 1) {
            MemberStatus primary = primaries.get(0);
            if (!Objects.equals(primary.systemIdentifier(), replica.systemIdentifier())) {
                problems.add(target + " is not a replica of " + primary.member() + " (system identifier "
                        + replica.systemIdentifier() + " vs " + primary.systemIdentifier() + ")");
            }
            if (primary.majorVersion() != replica.majorVersion()) {
                problems.add("engine mismatch: " + primary.member() + " runs PostgreSQL " + primary.serverVersion()
                        + ", " + target + " runs " + replica.serverVersion());
            }
            if (!Objects.equals(primary.timeline(), replica.timeline())) {
                problems.add(target + " follows timeline " + replica.timeline() + " but " + primary.member()
                        + " writes timeline " + primary.timeline());
            }
        }
        return withControlPlanes(problems, controlPlanes, true);
    }

    private static List<String> unplanned(String target, List<MemberStatus> primaries, MemberStatus replica,
            List<ControlPlaneStatus> controlPlanes, boolean leaveLostControlPlanesBehind) {
        List<String> problems = new ArrayList<>();
        if (replica == null || !replica.reachable()) {
            problems.add(target + " is unreachable: " + (replica == null ? "not described" : replica.error()));
        }
        primaries.stream().filter(p -> !p.member().equals(target)).forEach(p -> problems.add(
                p.member() + " is reachable and takes writes: use a planned failover, promoting now would split the cluster"));
        // The old primary is gone, so control planes may well be unhealthy; they only need to answer.
        if (!leaveLostControlPlanesBehind) {
            return withControlPlanes(problems, controlPlanes, false);
        }
        // A control plane lost with the primary's region is left behind; but one must answer to serve from the new primary.
        if (!controlPlanes.isEmpty() && controlPlanes.stream().noneMatch(ControlPlaneStatus::reachable)) {
            problems.add("no control plane answers, so none would serve from " + target + ": "
                    + controlPlanes.stream().map(ControlPlaneStatus::summary).collect(Collectors.joining(", ")));
        }
        return problems;
    }

    private static List<String> withControlPlanes(List<String> problems, List<ControlPlaneStatus> controlPlanes, boolean requireHealthy) {
        for (ControlPlaneStatus cp : controlPlanes) {
            if (!cp.reachable()) {
                problems.add("control plane " + cp.baseUrl() + " is unreachable: " + cp.error());
            } else if (requireHealthy && !cp.healthy()) {
                problems.add("control plane " + cp.baseUrl() + " is unhealthy");
            }
        }
        return problems;
    }

    /**
     * Preflight of a run that knows the regional topology: the candidate chosen when none is named (and why), unreachable
     * replicas left behind in planned mode too, and control planes whose reads could not be moved as problems.
     */
    public static PreflightReport regional(FailoverRequest request, RegionalTopology regions, List<MemberStatus> members,
            List<ControlPlaneStatus> controlPlanes, boolean leaveLostControlPlanesBehind) {
        CandidateChoice.Choice choice = request.promote() != null ? null
                : CandidateChoice.choose(request.mode(), members, regions, request.preferRegion());
        String target = choice == null ? request.promote() : choice.member() == null ? "(none)" : choice.member();
        List<String> more = new ArrayList<>(choice != null && choice.member() == null ? List.of(choice.why()) : List.of());
        more.addAll(readersWithoutRegion(regions, controlPlanes));
        return evaluate(request.cluster(), request.mode(), target, members, controlPlanes, leaveLostControlPlanesBehind, true)
                .chosen(choice == null ? null : choice.why(), more);
    }

    /**
     * Control planes that read from another database than they write to (FLOWPLANE_DATABASE_READ_URL) but have no region
     * in the clusters file: a failover could not move their reads, and they would go on reading a member it leaves behind.
     */
    public static List<String> readersWithoutRegion(RegionalTopology regions, List<ControlPlaneStatus> controlPlanes) {
        return controlPlanes.stream()
                .filter(cp -> cp.reachable() && cp.readDatabase() != null && !cp.readDatabase().equals(cp.database())
                        && regions.controlPlaneRegion(cp.baseUrl()) == null)
                .map(cp -> "control plane " + cp.baseUrl() + " reads from " + cp.readDatabase() + " (FLOWPLANE_DATABASE_READ_URL) but has"
                        + " no region in the clusters file, so the failover could not move its reads: give it {url, region}")
                .toList();
    }
}
