package io.flowplane.workflows.failover;

import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.RegionalTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which replica a failover promotes when none is named, and how far behind a named one is. Pure, so workflows can call it.
 * The rules, in order: a reachable replica (planned: streaming, replay not paused); in the preferred region when one is
 * given and holds such a replica; synchronous before asynchronous; the most WAL (planned: replayed, unplanned:
 * received, which promotion replays); the clusters file's order.
 */
public final class CandidateChoice {
    /** Patroni's maximum_lag_on_failover: an unplanned failover refuses a replica further behind unless overridden. */
    public static final long DEFAULT_MAX_LAG_BYTES = 1024 * 1024;

    /** @param why one line for the plan: the chosen member, and why each other was not */
    public record Choice(String member, String why) {}

    private CandidateChoice() {}

    /** The best candidate, or a choice with a null member and the reasons none could be. */
    public static Choice choose(FailoverMode mode, List<MemberStatus> members, RegionalTopology regions, String preferRegion) {
        List<MemberStatus> eligible = members.stream().filter(m -> eligible(mode, m)).toList();
        if (eligible.isEmpty()) {
            return new Choice(null, "no member can be promoted: " + members.stream().map(m -> m.member() + " " + whyNot(mode, m))
                    .collect(Collectors.joining("; ")));
        }
        boolean regionHasOne = preferRegion != null && eligible.stream().anyMatch(m -> preferRegion.equals(regions.regionOf(m.member())));
        Comparator<MemberStatus> order = Comparator
                .comparing((MemberStatus m) -> !(regionHasOne && preferRegion.equals(regions.regionOf(m.member()))))
                .thenComparing(m -> !regions.synchronous(m.member()))
                .thenComparing(m -> -position(mode, m), Long::compare)
                .thenComparing(members::indexOf);
        List<MemberStatus> ranked = new ArrayList<>(eligible);
        ranked.sort(order);
        MemberStatus best = ranked.get(0);
        long most = eligible.stream().mapToLong(m -> position(mode, m)).max().orElseThrow();
        StringBuilder why = new StringBuilder("chose ").append(describe(best, regions, most - position(mode, best)));
        if (preferRegion != null && !regionHasOne) {
            why.append(" (no member of the preferred region ").append(preferRegion).append(" can be promoted)");
        }
        List<String> others = new ArrayList<>();
        ranked.stream().skip(1).forEach(m -> others.add(describe(m, regions, most - position(mode, m))));
        members.stream().filter(m -> !eligible.contains(m)).forEach(m -> others.add(m.member() + " " + whyNot(mode, m)));
        if (!others.isEmpty()) {
            why.append(" over ").append(String.join("; ", others));
        }
        return new Choice(best.member(), why.toString());
    }

    /**
     * Bytes of WAL the target lacks that the most advanced reachable replica holds (unplanned); 0 when it is the most
     * advanced, null when its position is unknown.
     */
    public static Long bytesBehindBest(String target, List<MemberStatus> members) {
        MemberStatus candidate = members.stream().filter(m -> m.member().equals(target)).findFirst().orElse(null);
        if (candidate == null || !candidate.reachableReplica() || candidate.receiveLsn() == null) {
            return null;
        }
        long most = members.stream().filter(m -> eligible(FailoverMode.UNPLANNED, m))
                .mapToLong(m -> position(FailoverMode.UNPLANNED, m)).max().orElse(position(FailoverMode.UNPLANNED, candidate));
        return Math.max(0, most - position(FailoverMode.UNPLANNED, candidate));
    }

    /** The member that holds the most WAL other than {@code target}, for the approver's message; null when none. */
    public static String mostAdvancedOther(String target, List<MemberStatus> members) {
        return members.stream().filter(m -> eligible(FailoverMode.UNPLANNED, m) && !Objects.equals(m.member(), target))
                .max(Comparator.comparingLong(m -> position(FailoverMode.UNPLANNED, m))).map(MemberStatus::member).orElse(null);
    }

    private static boolean eligible(FailoverMode mode, MemberStatus m) {
        if (!m.reachableReplica() || m.replayPaused() || position(mode, m) < 0) {
            return false;
        }
        return mode == FailoverMode.UNPLANNED || "streaming".equals(m.walReceiverStatus());
    }

    private static String whyNot(FailoverMode mode, MemberStatus m) {
        if (!m.reachable()) {
            return "(unreachable: " + m.error() + ")";
        }
        if (!m.inRecovery()) {
            return "(the primary)";
        }
        if (m.replayPaused()) {
            return "(replay paused)";
        }
        return mode == FailoverMode.PLANNED ? "(not streaming: " + m.walReceiverStatus() + ")" : "(position unknown)";
    }

    private static long position(FailoverMode mode, MemberStatus m) {
        String lsn = mode == FailoverMode.PLANNED ? m.replayLsn() : m.receiveLsn();
        return lsn == null ? -1 : Lsn.parse(lsn);
    }

    private static String describe(MemberStatus m, RegionalTopology regions, long behind) {
        String region = regions.regionOf(m.member());
        return m.member() + " (" + regions.roleOf(m.member()) + (region == null ? "" : ", " + region) + ", "
                + (behind == 0 ? "the most WAL" : behind + " B behind") + ")";
    }
}
