package io.flowplane.xds.ads;

/**
 * What one ADS stream may ask of the server (xds.maxResourceNamesPerType). Fixed limits on single request
 * fields are in {@link RequestCheck}.
 *
 * @param maxResourceNamesPerType resource names one request may list, and one delta stream may hold
 *     subscribed, per type (also the entries of initial_resource_versions)
 */
public record AdsLimits(int maxResourceNamesPerType) {
    public static final AdsLimits DEFAULT = new AdsLimits(10_000);

    public AdsLimits {
        if (maxResourceNamesPerType < 1) {
            throw new IllegalArgumentException("maxResourceNamesPerType must be positive");
        }
    }
}
