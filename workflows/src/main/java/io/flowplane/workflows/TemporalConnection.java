package io.flowplane.workflows;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the API and the worker reach Temporal: an address, and optionally TLS (a CA to trust, a client
 * certificate for mutual TLS, the server name to verify) and an API key. Whoever reaches Temporal can run
 * operations, so outside a laptop it is TLS with credentials (docs/security.md).
 *
 * @param caPath PEM CAs to trust; blank: the JVM's. TLS is on when any of caPath, certPath, serverName is set
 * @param serverName the name the server certificate must carry; blank: the address's host
 * @param apiKey sent as a bearer token on every call; blank: none
 */
public record TemporalConnection(String address, String certPath, String keyPath, String caPath, String serverName,
        String apiKey) {
    public static final String ADDRESS = "FLOWPLANE_TEMPORAL_ADDRESS";
    public static final String CERT_PATH = "FLOWPLANE_TEMPORAL_TLS_CERT_PATH";
    public static final String KEY_PATH = "FLOWPLANE_TEMPORAL_TLS_KEY_PATH";
    public static final String CA_PATH = "FLOWPLANE_TEMPORAL_TLS_CA_PATH";
    public static final String SERVER_NAME = "FLOWPLANE_TEMPORAL_TLS_SERVER_NAME";
    public static final String API_KEY = "FLOWPLANE_TEMPORAL_API_KEY";

    public TemporalConnection {
        certPath = blankToNull(certPath);
        keyPath = blankToNull(keyPath);
        caPath = blankToNull(caPath);
        serverName = blankToNull(serverName);
        apiKey = blankToNull(apiKey);
        if ((certPath == null) != (keyPath == null)) {
            throw new IllegalArgumentException(CERT_PATH + " and " + KEY_PATH + " go together: set both for a client "
                    + "certificate, or neither");
        }
        for (Map.Entry<String, String> file : Map.of(CERT_PATH, nullToEmpty(certPath), KEY_PATH, nullToEmpty(keyPath),
                CA_PATH, nullToEmpty(caPath)).entrySet()) {
            if (!file.getValue().isEmpty() && !Files.isReadable(Path.of(file.getValue()))) {
                throw new IllegalArgumentException(file.getKey() + " names " + file.getValue()
                        + ", which does not exist or cannot be read");
            }
        }
    }

    public static TemporalConnection fromEnvironment(Map<String, String> env) {
        return new TemporalConnection(env.getOrDefault(ADDRESS, "127.0.0.1:7233"), env.get(CERT_PATH), env.get(KEY_PATH),
                env.get(CA_PATH), env.get(SERVER_NAME), env.get(API_KEY));
    }

    public boolean tls() {
        return caPath != null || certPath != null || serverName != null;
    }

    /** For logs: where and how, never the key. */
    public String describe() {
        if (!tls()) {
            return address + " (plaintext" + (apiKey == null ? "" : ", API key") + ")";
        }
        return address + " (TLS" + (caPath == null ? "" : ", CA " + caPath) + (certPath == null ? "" : ", client certificate "
                + certPath) + (serverName == null ? "" : ", server name " + serverName) + (apiKey == null ? "" : ", API key")
                + ")";
    }

    public WorkflowServiceStubsOptions.Builder options() {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(address);
        if (tls()) {
            options.setSslContext(sslContext());
            if (serverName != null) {
                options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
            }
        }
        if (apiKey != null) {
            String key = apiKey;
            options.addApiKey(() -> key);
        }
        return options;
    }

    /**
     * Fails with a message naming the address and how it was reached when Temporal does not answer, so a
     * wrong CA or server name stops start-up instead of failing every later call.
     */
    public void checkReachable(WorkflowServiceStubs service, Duration timeout) {
        try {
            service.blockingStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot reach Temporal at " + describe() + ": " + e.getMessage()
                    + (root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")"), e);
        }
    }

    private SslContext sslContext() {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient();
            if (caPath != null) {
                ssl.trustManager(new File(caPath));
            }
            if (certPath != null) {
                ssl.keyManager(new File(certPath), new File(keyPath));
            }
            return ssl.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Temporal TLS files (" + describe() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Temporal TLS files are not usable PEM (" + describe() + "): "
                    + e.getMessage(), e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
