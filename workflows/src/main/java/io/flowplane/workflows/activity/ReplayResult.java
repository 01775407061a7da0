package io.flowplane.workflows.activity;

/** A replica that has replayed at least {@code targetLsn}. */
public record ReplayResult(String member, String targetLsn, String replayLsn, String receiveLsn) {}
