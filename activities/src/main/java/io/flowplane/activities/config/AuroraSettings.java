package io.flowplane.activities.config;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How the worker reaches RDS for one Aurora Global Database. Credentials come from the AWS SDK's default
 * provider chain (environment, system properties, profile, container or instance role), never from this file.
 *
 * @param globalCluster the global cluster identifier
 * @param region        the region to ask about the global cluster, or null for the SDK's default region chain
 * @param endpoint      an RDS endpoint override (a VPC endpoint, or a test double), or null for AWS's own
 */
public record AuroraSettings(String globalCluster, String region, URI endpoint) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{0,62}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    public static AuroraSettings of(String globalCluster, String region, String endpoint) {
        if (globalCluster == null || !IDENTIFIER.matcher(globalCluster).matches()) {
            throw new IllegalArgumentException("global_cluster must be an RDS identifier (a letter, then letters, digits"
                    + " and hyphens), not " + (globalCluster == null ? "missing" : "'" + globalCluster + "'"));
        }
        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name such as us-east-1");
        }
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a URL");
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("endpoint '" + endpoint + "' must be an http(s) URL");
            }
        }
        return new AuroraSettings(globalCluster, region, uri);
    }
}
