package io.flowplane.workflows.activity;

/**
 * @param promotedByThisCall false when the member was already out of recovery (a retry, or a re-run)
 * @param clearedStaleFence  the member carried default_transaction_read_only=on from an earlier fence; it was reset
 */
public record PromotionResult(String member, boolean promotedByThisCall, boolean clearedStaleFence, String detail) {}
