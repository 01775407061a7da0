package io.flowplane.xds.source;

import java.time.Instant;

/**
 * What the poller knows about the database. {@code revision} and {@code lastLoadAt} describe the
 * snapshot being served; {@code lastError} the most recent failed poll, kept after recovery.
 */
public record LoadStatus(Long revision, Instant lastLoadAt, boolean lastPollSucceeded, String lastError,
        Instant lastErrorAt) {
    public static final LoadStatus NOT_LOADED = new LoadStatus(null, null, false, null, null);

    public boolean loaded() {
        return revision != null;
    }

    public boolean healthy() {
        return loaded() && lastPollSucceeded;
    }
}
