package io.flowplane.xds.ads;

/** What the ADS server reports to metrics. */
public interface AdsEvents {
    AdsEvents NONE = new AdsEvents() {};

    default void pushed(String typeUrl) {}

    default void nacked(String typeUrl) {}
}
