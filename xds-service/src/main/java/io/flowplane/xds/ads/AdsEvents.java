package io.flowplane.xds.ads;

import java.time.Duration;

/** What the ADS server reports to metrics. */
public interface AdsEvents {
    AdsEvents NONE = new AdsEvents() {};

    default void pushed(String typeUrl) {}

    /**
     * The server ended a stream for what its client presented or sent: when it opened (no or a bad credential,
     * over a limit) or later (a node claiming another dataplane, a revoked credential, a malformed request).
     */
    default void refused(io.grpc.Status.Code code) {}

    default void nacked(String typeUrl) {}

    /** A change-driven response was ACKed, {@code sinceCommit} after its revision was committed. */
    default void synced(String typeUrl, Duration sinceCommit) {}
}
