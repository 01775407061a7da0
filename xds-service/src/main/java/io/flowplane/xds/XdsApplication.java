package io.flowplane.xds;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.flowplane.core.auth.BearerAuthentication;
import io.flowplane.core.controlplane.AdminConnectors;
import io.flowplane.core.controlplane.AdminTls;
import io.flowplane.core.controlplane.AdminToken;
import io.flowplane.core.controlplane.ClosedAdminTasks;
import io.flowplane.core.controlplane.ControlPlaneHookServlet;
import io.flowplane.core.controlplane.Restarts;
import io.flowplane.core.db.DatabaseTarget;
import io.flowplane.core.db.SwitchableDataSource;
import io.flowplane.core.model.Json;
import io.flowplane.core.store.TokenStore;
import io.flowplane.xds.ads.AdsService;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.binding.AdsTrust;
import io.flowplane.xds.binding.DataplaneAuthenticator;
import io.flowplane.xds.controlplane.XdsControlPlaneHooks;
import io.flowplane.xds.metrics.XdsMetrics;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.source.ConfigNotificationListener;
import io.flowplane.xds.source.ConfigPoller;
import io.flowplane.xds.source.FleetReader;
import io.flowplane.xds.source.SnapshotHolder;
import io.flowplane.xds.status.AuthenticationHealthCheck;
import io.flowplane.xds.status.ConfigHealthCheck;
import io.flowplane.xds.status.XdsStatusResource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The xDS service: serves the fleet configuration in the database to Envoy over ADS. */
public class XdsApplication extends Application<XdsConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(XdsApplication.class);
    private static final Duration LISTEN_RECHECK = Duration.ofSeconds(5);
    /** How soon a stream whose credential's rotation overlap ended is ended, when nothing else changes. */
    private static final Duration CREDENTIAL_RECHECK = Duration.ofSeconds(15);

    public static void main(String[] args) throws Exception {
        new XdsApplication().run(args);
    }

    @Override
    public String getName() {
        return "flowplane-xds-service";
    }

    @Override
    public void initialize(Bootstrap<XdsConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(XdsConfiguration config, Environment environment) {
        Json.configure(environment.getObjectMapper());
        String adminToken = adminToken(config);
        if (AdminConnectors.apply(config.getServerFactory(), System.getenv())) {
            LOG.info("admin port serves HTTPS with {}", System.getenv(AdminTls.CERT_PATH));
        }
        Clock clock = Clock.systemUTC();
        AdsSettings xds = config.getXds();
        xds.getTls().check();

        DatabaseTarget target = new DatabaseTarget(Path.of(config.getStateDirectory()),
                config.getDatabase().readUrlText());
        SwitchableDataSource dataSource = new SwitchableDataSource(target.effectiveUrl(), "flowplane-xds",
                config.getDatabase().getMaxConnections());
        LOG.info("reading configuration from {} (URL from {}{})", dataSource.url().describe(), target.source(),
                target.source() == DatabaseTarget.Source.STATE_FILE ? " " + target.stateFile() : "");

        SnapshotHolder snapshots = new SnapshotHolder();
        Jdbi jdbi = Jdbi.create(dataSource);
        ConfigPoller poller = new ConfigPoller(FleetReader.of(jdbi), new SnapshotBuilder(),
                snapshots, Duration.ofMillis(xds.getPollInterval().toMilliseconds()), clock);

        StreamRegistry streams = new StreamRegistry();
        CollectorRegistry prometheus = new CollectorRegistry();
        DefaultExports.register(prometheus);
        DataplaneAuthenticator authenticator = new DataplaneAuthenticator(xds.isAllowUnauthenticatedDataplanes());
        AdsTrust.startupWarnings(xds.getTls().enabled(), xds.getTls().isRequireClientCert(),
                authenticator.allowsUnauthenticated(), xds.getPort()).forEach(LOG::warn);
        XdsMetrics metrics = new XdsMetrics(prometheus, streams, poller::status, authenticator.allowsUnauthenticated());

        ExecutorService workers = Executors.newFixedThreadPool(xds.getWorkerThreads(), daemonThreads("flowplane-ads-"));
        AdsService ads = new AdsService(snapshots, workers, metrics, clock, streams, xds.limits(), authenticator,
                Duration.ofMillis(xds.getClusterRetention().toMilliseconds()));
        environment.lifecycle().manage(new PeriodicTask("flowplane-ads-recheck", CREDENTIAL_RECHECK, ads::recheckStreams));

        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                dataSource.close();
            }
        });
        environment.lifecycle().manage(new AdsGrpcServer(new InetSocketAddress(xds.getBindAddress(), xds.getPort()),
                ads, workers, Duration.ofMillis(xds.getShutdownGracePeriod().toMilliseconds()), xds.getTls(),
                Math.toIntExact(xds.getMaxInboundMessageSize().toBytes())));
        environment.lifecycle().manage(poller);
        if (xds.isListenForChanges()) {
            environment.lifecycle().manage(
                    new ConfigNotificationListener(dataSource::url, poller::pollSoon, LISTEN_RECHECK));
        }

        environment.jersey().register(new XdsStatusResource(poller::status, streams, snapshots,
                new BearerAuthentication(new TokenStore(jdbi), adminToken)));
        environment.healthChecks().register("config", new ConfigHealthCheck(poller::status));
        environment.healthChecks().register("dataplane-authentication", new AuthenticationHealthCheck(authenticator));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");
        environment.admin().addFilter("closed-admin-tasks", new ClosedAdminTasks())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, ClosedAdminTasks.PATH);

        XdsControlPlaneHooks hooks = new XdsControlPlaneHooks(dataSource, target, poller, snapshots, streams, ads,
                new Restarts());
        environment.admin().addServlet("control-plane", new ControlPlaneHookServlet(hooks, adminToken))
                .addMapping("/control-plane/*");
    }

    private static String adminToken(XdsConfiguration config) {
        String configured = config.getAdminToken();
        return AdminToken.checked(configured == null || configured.isBlank() ? System.getenv(AdminToken.VARIABLE) : configured);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
