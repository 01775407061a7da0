package io.flowplane.activities.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * How the worker builds every AWS client: the SDK's default credential chain, the JDK's HTTP client, and a
 * deadline on every call, so an endpoint that hangs cannot hold an activity past its heartbeat.
 */
public final class AwsClients {
    public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private AwsClients() {}

    /** @param endpoint an endpoint override (a VPC endpoint, moto, a test double), or null for AWS's own */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(ATTEMPT_TIMEOUT).build())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }
}
