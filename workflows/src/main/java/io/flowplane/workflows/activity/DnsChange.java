package io.flowplane.workflows.activity;

/**
 * @param changeId          Route 53's change id, or null when nothing had to change
 * @param status            PENDING or INSYNC
 * @param changedByThisCall false when the record already held the value
 */
public record DnsChange(String changeId, String status, boolean changedByThisCall, String detail) {}
