package io.flowplane.xds.ads;

import java.time.Duration;

/** What the ADS server reports to metrics. */
public interface AdsEvents {
    AdsEvents NONE = new AdsEvents() {};

    default void pushed(String typeUrl) {}

    default void nacked(String typeUrl) {}

    /** A change-driven response was ACKed, {@code sinceCommit} after its revision was committed. */
    default void synced(String typeUrl, Duration sinceCommit) {}
}
