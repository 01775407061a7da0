package io.flowplane.api;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.flowplane.api.auth.BearerTokenFilter;
import io.flowplane.api.auth.ReadOnlyGuard;
import io.flowplane.api.bootstrap.EnvoyBootstrap;
import io.flowplane.api.checks.AcceptCheck;
import io.flowplane.api.checks.ContentTypeCheck;
import io.flowplane.api.checks.ParameterCheck;
import io.flowplane.api.controlplane.ApiControlPlaneHooks;
import io.flowplane.api.errors.BodySizeLimit;
import io.flowplane.api.errors.ErrorMappers;
import io.flowplane.api.errors.JsonErrorHandler;
import io.flowplane.api.errors.RequestJson;
import io.flowplane.api.failovers.FailoverResource;
import io.flowplane.api.failovers.Failovers;
import io.flowplane.api.health.DatabaseHealthCheck;
import io.flowplane.api.health.TemporalHealthCheck;
import io.flowplane.api.metrics.RequestMetricsFilter;
import io.flowplane.api.openapi.OpenApiResource;
import io.flowplane.api.operations.Operations;
import io.flowplane.api.operations.ResultReadingConverter;
import io.flowplane.api.resources.AuditResource;
import io.flowplane.api.resources.ClusterResource;
import io.flowplane.api.resources.ConfigStores;
import io.flowplane.api.resources.DataplaneCredentialResource;
import io.flowplane.api.resources.DataplaneResource;
import io.flowplane.api.resources.ListenerResource;
import io.flowplane.api.resources.OperationResource;
import io.flowplane.api.resources.RevisionResource;
import io.flowplane.api.resources.RouteConfigResource;
import io.flowplane.api.resources.TeamResource;
import io.flowplane.api.resources.TokenResource;
import io.flowplane.core.controlplane.AdminConnectors;
import io.flowplane.core.controlplane.AdminTls;
import io.flowplane.core.controlplane.AdminToken;
import io.flowplane.core.controlplane.ClosedAdminTasks;
import io.flowplane.core.controlplane.ControlPlaneHookServlet;
import io.flowplane.core.db.DatabaseTarget;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.db.SwitchableDataSource;
import io.flowplane.core.model.Json;
import io.flowplane.core.store.TokenStore;
import io.flowplane.workflows.TemporalConnection;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ApiApplication extends Application<ApiConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiApplication.class);

    public static void main(String[] args) throws Exception {
        new ApiApplication().run(args);
    }

    @Override
    public String getName() {
        return "flowplane-api";
    }

    @Override
    public void initialize(Bootstrap<ApiConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    }

    @Override
    public void run(ApiConfiguration config, Environment environment) throws Exception {
        RequestJson.configure(Json.configure(environment.getObjectMapper()));
        String adminToken = AdminToken.checked(config.getAdminToken());
        if (AdminConnectors.apply(config.getServerFactory(), System.getenv())) {
            LOG.info("admin port serves HTTPS with {}", System.getenv(AdminTls.CERT_PATH));
        }
        DatabaseTarget target = new DatabaseTarget(Path.of(config.getStateDirectory()), config.getDatabaseUrl());
        DatabaseUrl primaryUrl = target.effectiveUrl();
        LOG.info("database {} (from {})", primaryUrl, target.source() == DatabaseTarget.Source.STATE_FILE
                ? target.stateFile() : "FLOWPLANE_DATABASE_URL");
        SwitchableDataSource primaryPool = new SwitchableDataSource(primaryUrl, "flowplane-api-primary", 10);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                primaryPool.close();
            }
        });
        boolean readOnly = isReplica(primaryUrl, primaryPool);
        if (readOnly) {
            LOG.warn("FLOWPLANE_DATABASE_URL ({}) is a streaming replica: serving reads only, no migrations", primaryUrl);
        } else {
            Databases.migrate(primaryPool);
        }
        // Reads have a pool of their own, so a failover can point them elsewhere (the region's reader).
        DatabaseTarget readTarget = new DatabaseTarget(Path.of(config.getStateDirectory()), "database-read-url", config.getDatabaseReadUrl());
        Optional<DatabaseUrl> readUrl = readTarget.configuredUrl();
        SwitchableDataSource readPool = new SwitchableDataSource(readUrl.orElse(primaryUrl), "flowplane-api-read", 10);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                readPool.close();
            }
        });
        readUrl.ifPresent(url -> LOG.info("reads go to {} (from {})", url, readTarget.source() == DatabaseTarget.Source.STATE_FILE
                ? readTarget.stateFile() : "FLOWPLANE_DATABASE_READ_URL"));

        Jdbi primaryJdbi = Jdbi.create(primaryPool);
        ConfigStores primary = ConfigStores.over(primaryJdbi);
        ConfigStores reads = ConfigStores.over(Jdbi.create(readPool));
        TokenStore tokens = new TokenStore(primaryJdbi);
        storeBootstrapToken(config, tokens, readOnly);

        TemporalConnection temporalConnection = config.getTemporal().connection();
        LOG.info("Temporal at {}", temporalConnection.describe());
        WorkflowServiceStubs temporal = WorkflowServiceStubs.newServiceStubs(temporalConnection.options().build());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                temporal.shutdown();
            }
        });
        WorkflowClient workflowClient = WorkflowClient.newInstance(temporal,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.getTemporal().getNamespace())
                        .setDataConverter(ResultReadingConverter.create())
                        .build());
        Operations operations = new Operations(workflowClient, config.getTemporal().getTaskQueue(), config.getTemporal().getUiUrl());

        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        // The server's handler answers what Jetty refuses before routing; the context's, errors inside it.
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler());
        environment.servlets().addFilter("content-type-check", new ContentTypeCheck())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        var jersey = environment.jersey();
        for (Object mapper : ErrorMappers.all()) {
            jersey.register(mapper);
        }
        jersey.register(new RequestMetricsFilter());
        jersey.register(new BodySizeLimit());
        jersey.register(new AcceptCheck());
        jersey.register(new BearerTokenFilter(tokens, adminToken));
        jersey.register(new ReadOnlyGuard(primaryPool, readOnly));
        jersey.register(new ParameterCheck());
        jersey.register(new TeamResource(primary, reads));
        jersey.register(new DataplaneResource(primary, reads,
                new EnvoyBootstrap(config.getXds().getHost(), config.getXds().getPort())));
        jersey.register(new DataplaneCredentialResource(primary, reads));
        jersey.register(new ClusterResource(primary, reads));
        jersey.register(new RouteConfigResource(primary, reads));
        jersey.register(new ListenerResource(primary, reads));
        jersey.register(new RevisionResource(reads));
        jersey.register(new TokenResource(primary, reads));
        jersey.register(new AuditResource(reads));
        jersey.register(new OpenApiResource());
        jersey.register(new OperationResource(operations));
        jersey.register(new FailoverResource(new Failovers(workflowClient, config.getTemporal().getTaskQueue(),
                config.getTemporal().getUiUrl()), primary));

        environment.healthChecks().register("database", new DatabaseHealthCheck(primaryPool));
        environment.healthChecks().register("temporal", new TemporalHealthCheck(temporal, temporalConnection.describe()));
        DefaultExports.initialize();
        environment.admin().addServlet("prometheus", new MetricsServlet()).addMapping("/prometheus");
        environment.admin().addFilter("closed-admin-tasks", new ClosedAdminTasks())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, ClosedAdminTasks.PATH);
        environment.admin().addServlet("control-plane", new ControlPlaneHookServlet(
                new ApiControlPlaneHooks(primaryPool, target, readPool, readTarget), adminToken)).addMapping("/control-plane/*");
    }

    private static boolean isReplica(DatabaseUrl url, javax.sql.DataSource pool) {
        try {
            return Databases.isInRecovery(pool);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach FLOWPLANE_DATABASE_URL (" + url + "): " + e.getMessage(), e);
        }
    }

    private static void storeBootstrapToken(ApiConfiguration config, TokenStore tokens, boolean readOnly) {
        String secret = config.getBootstrapToken();
        if (secret == null || secret.isBlank() || readOnly) {
            return;
        }
        if (secret.length() < 16) {
            throw new IllegalArgumentException("FLOWPLANE_BOOTSTRAP_TOKEN must be at least 16 characters");
        }
        tokens.store("bootstrap-admin", secret, List.of("admin"));
        LOG.info("FLOWPLANE_BOOTSTRAP_TOKEN is stored as an admin token; create named tokens and unset it");
    }

}
