package io.flowplane.workflows.activity;

import java.util.List;
import java.util.Optional;

/**
 * An Aurora Global Database as RDS describes it.
 *
 * @param status         the global cluster's status ("available", ...)
 * @param failoverStatus FailoverState.Status as RDS wrote it ("pending", "switching-over", "failing-over",
 *                       "cancelling"), null when no operation is in progress; raw, since the SDK's enum lacks
 *                       "switching-over"
 */
public record AuroraGlobalStatus(
        String globalClusterId,
        String status,
        String engineVersion,
        String failoverStatus,
        String failoverFrom,
        String failoverTo,
        List<AuroraMemberStatus> members) {

    public AuroraGlobalStatus {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public Optional<AuroraMemberStatus> member(String clusterId) {
        return members.stream().filter(m -> m.clusterId().equals(clusterId)).findFirst();
    }

    public Optional<AuroraMemberStatus> writer() {
        return members.stream().filter(AuroraMemberStatus::writer).findFirst();
    }

    public boolean moveInProgress() {
        return failoverStatus != null;
    }

    /** "flowplane-us (writer), flowplane-eu (connected); switching-over". */
    public String summary() {
        StringBuilder out = new StringBuilder(globalClusterId).append(' ').append(status).append(": ");
        out.append(String.join(", ", members.stream().map(AuroraMemberStatus::summary).toList()));
        if (failoverStatus != null) {
            out.append("; ").append(failoverStatus).append(" from ").append(failoverFrom).append(" to ").append(failoverTo);
        }
        return out.toString();
    }
}
