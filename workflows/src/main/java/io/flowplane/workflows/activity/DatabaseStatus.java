package io.flowplane.workflows.activity;

/** What a control plane's database looks like right now. */
public record DatabaseStatus(
        String database, boolean inRecovery, long configRevision, String walLsn, String serverVersion) {}
