package io.flowplane.workflows.activity;

/** A primary now refusing writes: {@code terminatedSessions} other client sessions were ended. */
public record FenceResult(String member, boolean alreadyFenced, int terminatedSessions) {}
