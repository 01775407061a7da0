package io.flowplane.activities.aurora;

import io.flowplane.activities.aws.AwsClients;
import io.flowplane.activities.config.AuroraSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * One RDS client per (endpoint, region), built as {@link AwsClients} builds every client. A global cluster
 * spans regions, and RDS describes or promotes a regional cluster through that region's endpoint, so the
 * target's region is asked about the target.
 */
public final class RdsClients implements AutoCloseable {
    private final Map<String, RdsClient> clients = new ConcurrentHashMap<>();
    /** The SDK's default region, looked up once: it reads the environment and the profile file. */
    private volatile String defaultRegion;

    /** The client for the global cluster's home region (the configured one, or the SDK's default). */
    public RdsClient home(AuroraSettings settings) {
        return forRegion(settings, settings.region() != null ? settings.region() : defaultRegion());
    }

    public RdsClient forRegion(AuroraSettings settings, String region) {
        return clients.computeIfAbsent(settings.endpoint() + "|" + region,
                k -> AwsClients.configure(RdsClient.builder().region(Region.of(region)), settings.endpoint()).build());
    }

    private String defaultRegion() {
        if (defaultRegion == null) {
            defaultRegion = new DefaultAwsRegionProviderChain().getRegion().id();
        }
        return defaultRegion;
    }

    @Override
    public void close() {
        clients.values().forEach(RdsClient::close);
        clients.clear();
    }
}
