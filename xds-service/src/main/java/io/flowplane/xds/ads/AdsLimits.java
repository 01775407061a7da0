package io.flowplane.xds.ads;

/**
 * What ADS clients may ask of the server (xds.maxResourceNamesPerType, xds.maxStreams,
 * xds.maxStreamsPerDataplane). Fixed limits on single request fields are in {@link RequestCheck}.
 *
 * @param maxResourceNamesPerType resource names one request may list, and one delta stream may hold
 *     subscribed, per type (also the entries of initial_resource_versions)
 * @param maxStreams open ADS streams in all; more are refused with RESOURCE_EXHAUSTED
 * @param maxStreamsPerDataplane open ADS streams proven by one dataplane's credentials
 */
public record AdsLimits(int maxResourceNamesPerType, int maxStreams, int maxStreamsPerDataplane) {
    public static final AdsLimits DEFAULT = new AdsLimits(10_000, 20_000, 5_000);

    public AdsLimits {
        if (maxResourceNamesPerType < 1 || maxStreams < 1 || maxStreamsPerDataplane < 1) {
            throw new IllegalArgumentException("ADS limits must be positive");
        }
    }

    public AdsLimits withMaxResourceNamesPerType(int names) {
        return new AdsLimits(names, maxStreams, maxStreamsPerDataplane);
    }
}
