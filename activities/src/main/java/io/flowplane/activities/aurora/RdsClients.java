package io.flowplane.activities.aurora;

import io.flowplane.activities.config.AuroraSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * One RDS client per (endpoint, region). A global cluster spans regions, and RDS describes or promotes a
 * regional cluster through that region's endpoint, so the target's region is asked about the target.
 * Every call has a deadline: an RDS endpoint that hangs must not hold an activity past its heartbeat.
 */
public final class RdsClients implements AutoCloseable {
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, RdsClient> clients = new ConcurrentHashMap<>();

    /** The client for the global cluster's home region (the configured one, or the SDK's default). */
    public RdsClient home(AuroraSettings settings) {
        return forRegion(settings, settings.region() != null ? settings.region() : new DefaultAwsRegionProviderChain().getRegion().id());
    }

    public RdsClient forRegion(AuroraSettings settings, String region) {
        String key = settings.endpoint() + "|" + region;
        return clients.computeIfAbsent(key, k -> {
            var builder = RdsClient.builder()
                    .region(Region.of(region))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(5))
                            .socketTimeout(ATTEMPT_TIMEOUT)
                            .build())
                    .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(RdsClient::close);
        clients.clear();
    }
}
