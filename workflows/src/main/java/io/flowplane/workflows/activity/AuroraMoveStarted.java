package io.flowplane.workflows.activity;

/**
 * What asking RDS to move the writer did.
 *
 * @param requestedByThisCall false when an earlier attempt had already asked (the move is under way or done)
 * @param detail              what RDS answered, for the runbook
 */
public record AuroraMoveStarted(String target, boolean requestedByThisCall, String detail) {}
