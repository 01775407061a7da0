package io.flowplane.workflows.failover;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A database member a failover does not bring along to the new primary, and why: the old primary (fenced, or lost),
 * one that could not be reached, one that holds WAL the new primary never had, one that did not stream in time.
 * Each must be rebuilt as a replica of the new primary (docs/failover.md, "Rebuilding the old primary as a replica").
 */
public record LeftBehindMember(String member, String reason) {
    public static String describe(List<LeftBehindMember> members) {
        return members.stream().map(m -> m.member() + " (" + m.reason() + ")").collect(Collectors.joining("; "));
    }
}
