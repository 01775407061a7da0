package io.flowplane.api.testing;

import io.dropwizard.testing.DropwizardTestSupport;
import io.flowplane.api.ApiApplication;
import io.flowplane.api.ApiConfiguration;
import io.flowplane.testkit.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.text.StringSubstitutor;

/**
 * The API service in-process, configured by the real deploy/config/api-service.yml with the
 * environment a test chooses (free ports on loopback, the test database, a bootstrap admin token).
 */
public final class RunningApi implements AutoCloseable {
    private static final Path DEPLOY_CONFIG = Path.of("..", "deploy", "config", "api-service.yml");

    private final DropwizardTestSupport<ApiConfiguration> support;
    private final String adminToken;
    private final Path configFile;

    private RunningApi(Map<String, String> environment, String adminToken) {
        this.adminToken = adminToken;
        this.configFile = writeConfig(environment);
        this.support = new DropwizardTestSupport<>(ApiApplication.class, configFile.toString());
    }

    /** Writes and reads through {@code databaseUrl}; reads through {@code readUrl} when it is not null. */
    public static RunningApi start(String databaseUrl, String readUrl) {
        String adminToken = "it-admin-" + UUID.randomUUID();
        Map<String, String> env = new HashMap<>();
        env.put("FLOWPLANE_DATABASE_URL", databaseUrl);
        if (readUrl != null) {
            env.put("FLOWPLANE_DATABASE_READ_URL", readUrl);
        }
        env.put("FLOWPLANE_BOOTSTRAP_TOKEN", adminToken);
        env.put("FLOWPLANE_TEMPORAL_ADDRESS", TestStack.temporalAddress());
        env.put("FLOWPLANE_BIND_ADDRESS", "127.0.0.1");
        env.put("FLOWPLANE_API_PORT", "0");
        env.put("FLOWPLANE_API_ADMIN_PORT", "0");
        RunningApi api = new RunningApi(env, adminToken);
        try {
            api.support.before();
        } catch (Exception e) {
            api.close();
            throw new IllegalStateException("api-service did not start: " + e.getMessage(), e);
        }
        return api;
    }

    public static RunningApi start(String databaseUrl) {
        return start(databaseUrl, null);
    }

    /** A client holding the bootstrap admin token. */
    public Api admin() {
        return new Api(baseUri(), adminToken);
    }

    public Api anonymous() {
        return new Api(baseUri(), null);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + support.getLocalPort() + "/");
    }

    public DropwizardTestSupport<ApiConfiguration> support() {
        return support;
    }

    @Override
    public void close() {
        try {
            support.after();
        } finally {
            try {
                Files.deleteIfExists(configFile);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private static Path writeConfig(Map<String, String> environment) {
        if (!Files.isRegularFile(DEPLOY_CONFIG)) {
            throw new IllegalStateException(DEPLOY_CONFIG.toAbsolutePath() + " not found; run the tests from the api-service module");
        }
        try {
            StringSubstitutor substitutor = new StringSubstitutor(environment::get);
            substitutor.setEnableUndefinedVariableException(true);
            String yaml = substitutor.replace(Files.readString(DEPLOY_CONFIG));
            Path file = Files.createTempFile("api-service-it-", ".yml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
