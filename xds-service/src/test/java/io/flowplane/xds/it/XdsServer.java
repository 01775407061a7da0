package io.flowplane.xds.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Ports;
import io.flowplane.xds.XdsApplication;
import io.flowplane.xds.XdsConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The xds-service application, started in this JVM from deploy/config/xds-service.yml with overrides. */
final class XdsServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "it-admin-token-0123456789-abcdefghijklmnop";
    private static final Path CONFIG = Path.of("..", "deploy", "config", "xds-service.yml").toAbsolutePath().normalize();

    final int grpcPort;
    final Path stateDirectory;
    private final DropwizardTestSupport<XdsConfiguration> support;

    private XdsServer(int grpcPort, Path stateDirectory, DropwizardTestSupport<XdsConfiguration> support) {
        this.grpcPort = grpcPort;
        this.stateDirectory = stateDirectory;
        this.support = support;
    }

    static XdsServer start(String databaseUrl) {
        return start(databaseUrl, Map.of());
    }

    /** @param overrides further configuration keys, e.g. xds.tls.certPath */
    static XdsServer start(String databaseUrl, Map<String, String> overrides) {
        int grpcPort = Ports.next();
        Path stateDirectory;
        try {
            stateDirectory = Files.createTempDirectory("fp-xds-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("database.url", databaseUrl);
        settings.put("database.readUrl", "");
        settings.put("xds.port", Integer.toString(grpcPort));
        settings.put("xds.bindAddress", "127.0.0.1");
        settings.put("xds.pollInterval", "250ms");
        settings.put("stateDirectory", stateDirectory.toString());
        settings.put("adminToken", ADMIN_TOKEN);
        settings.put("server.applicationConnectors[0].port", "0");
        settings.put("server.applicationConnectors[0].bindHost", "127.0.0.1");
        settings.put("server.adminConnectors[0].port", "0");
        settings.put("server.adminConnectors[0].bindHost", "127.0.0.1");
        settings.putAll(overrides);
        List<ConfigOverride> configOverrides = new ArrayList<>();
        settings.forEach((key, value) -> configOverrides.add(ConfigOverride.config(key, value)));
        DropwizardTestSupport<XdsConfiguration> support = new DropwizardTestSupport<>(XdsApplication.class,
                CONFIG.toString(), configOverrides.toArray(new ConfigOverride[0]));
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("xds-service did not start", e);
        }
        return new XdsServer(grpcPort, stateDirectory, support);
    }

    Http application() {
        return Http.localhost(support.getLocalPort());
    }

    Http admin() {
        return Http.localhost(support.getAdminPort());
    }

    Http.Reply xdsStatus() {
        return application().withToken(ADMIN_TOKEN).get("/api/v1/xds/status");
    }

    /** One sample of the admin port's Prometheus text, e.g. ("flowplane_xds_streams_refused_total", "code", "X"); 0 when absent. */
    double metric(String name, String label, String value) {
        String prefix = name + "{" + label + "=\"" + value + "\",} ";
        return admin().get("/prometheus").body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()).trim())).findFirst().orElse(0);
    }

    Http.Reply hookStatus() {
        return admin().withToken(ADMIN_TOKEN).get("/control-plane/status");
    }

    @Override
    public void close() {
        support.after();
    }
}
