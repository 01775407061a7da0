package io.flowplane.xds;

import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.model.Json;
import io.flowplane.core.store.RevisionStore;
import io.flowplane.xds.ads.AdsService;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.metrics.XdsMetrics;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.source.ConfigPoller;
import io.flowplane.xds.source.FleetReader;
import io.flowplane.xds.source.SnapshotHolder;
import io.flowplane.xds.status.ConfigHealthCheck;
import io.flowplane.xds.status.XdsStatusResource;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
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
        Clock clock = Clock.systemUTC();

        DatabaseUrl databaseUrl = config.getDatabase().readLocation();
        HikariDataSource dataSource = Databases.pool(databaseUrl, "flowplane-xds", config.getDatabase().getMaxConnections());
        LOG.info("reading configuration from {}", databaseUrl.describe());

        AdsSettings xds = config.getXds();
        SnapshotHolder snapshots = new SnapshotHolder();
        ConfigPoller poller = new ConfigPoller(FleetReader.of(new RevisionStore(Jdbi.create(dataSource))),
                new SnapshotBuilder(), snapshots, Duration.ofMillis(xds.getPollInterval().toMilliseconds()), clock);

        StreamRegistry streams = new StreamRegistry();
        CollectorRegistry prometheus = new CollectorRegistry();
        DefaultExports.register(prometheus);
        XdsMetrics metrics = new XdsMetrics(prometheus, streams, poller::status);

        ExecutorService workers = Executors.newFixedThreadPool(xds.getWorkerThreads(), daemonThreads("flowplane-ads-"));
        AdsService ads = new AdsService(snapshots, workers, metrics, clock, streams);

        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                dataSource.close();
            }
        });
        environment.lifecycle().manage(new AdsGrpcServer(new InetSocketAddress(xds.getBindAddress(), xds.getPort()),
                ads, workers, Duration.ofMillis(xds.getShutdownGracePeriod().toMilliseconds())));
        environment.lifecycle().manage(poller);

        environment.jersey().register(new XdsStatusResource(poller::status, streams));
        environment.healthChecks().register("config", new ConfigHealthCheck(poller::status));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");
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
