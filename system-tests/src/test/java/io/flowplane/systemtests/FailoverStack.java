package io.flowplane.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.DataplaneBootstraps;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.FlowplaneServices;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.ManagedProcess;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.PostgresCluster;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.TemporalDevServer;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.Toxiproxy;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import io.flowplane.testkit.aws.AwsQueryServer;
import io.flowplane.testkit.aws.RdsGlobalClusterDouble;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What a failover drill needs, all real and private to one test: a PostgreSQL primary with a
 * streaming replica, two control planes (A: api-service + xds-service, B: xds-service), the
 * Temporal worker configured with the cluster, and one Envoy per control plane with live traffic.
 */
final class FailoverStack implements AutoCloseable {
    static final String CLUSTER = "flowplane-main";
    static final String OLD_PRIMARY = "us-east-1";
    static final String NEW_PRIMARY = "us-east-2";
    /** The guide's asynchronous replicas, in stacks started with {@link #startGuideTopology()}. */
    static final String EU_WEST = "eu-west-1";
    static final String AP_EAST = "ap-east-1";
    static final String GLOBAL_CLUSTER = "flowplane-global";
    /** A second login for credential rotation; trust authentication, so only the user name differs. */
    static final String ROTATED_USER = "flowplane_rotated";
    /** The Envoys' listener addresses: us-east gets its configuration from control plane A, eu-west from B. */
    static final String US_EAST_ENVOY = "127.0.0.1";
    static final String EU_WEST_ENVOY = "127.0.0.2";

    final PostgresCluster postgres;
    final String taskQueue = "flowplane-drill-" + UUID.randomUUID().toString().substring(0, 8);
    final int apiPort = Ports.next();
    final int apiAdminPort = Ports.next();
    final int xdsAPort = Ports.next();
    final int xdsAAdminPort = Ports.next();
    final int xdsBPort = Ports.next();
    final int xdsBAdminPort = Ports.next();
    final int listenerPort = Ports.next();
    /** The worker reaches control planes A's and B's hooks through these links, when the stack is built with them. */
    final Toxiproxy.Link xdsAHook;
    final Toxiproxy.Link xdsBHook;
    /** When the stack stands as an Aurora Global Database: the RDS test double over its PostgreSQL servers. */
    final RdsGlobalClusterDouble rds;
    private final Path stateRoot;
    private final Path clustersFile;
    private final List<ManagedProcess> services = new ArrayList<>();
    private final List<Envoy> envoys = new ArrayList<>();
    final Upstream blue = Upstream.named("blue");
    final Upstream green = Upstream.named("green");
    private ManagedProcess worker;
    private final List<Path> workerLogs = new ArrayList<>();
    private ManagedProcess controlPlaneB;
    private int controlPlaneBStarts;
    private int workers;
    String clusterId;

    /** The guide's four members, control plane A in us-east and B in eu-west, each reading from its region's replica. */
    final boolean guideTopology;
    /** A Temporal dev server of the stack's own, on a file, when it was started with one; else the shared one. */
    private TemporalDevServer temporal;

    private FailoverStack(PostgresCluster postgres, boolean hooksThroughToxiproxy, boolean aurora, boolean guideTopology) {
        this.postgres = postgres;
        this.guideTopology = guideTopology;
        this.xdsAHook = hooksThroughToxiproxy ? Toxiproxy.shared().link("hook-xds-a", xdsAAdminPort) : null;
        this.xdsBHook = hooksThroughToxiproxy ? Toxiproxy.shared().link("hook-xds-b", xdsBAdminPort) : null;
        // Each member is a regional Aurora cluster named like it; AWS takes minutes per state, the double about a second.
        this.rds = aurora ? RdsGlobalClusterDouble.builder(GLOBAL_CLUSTER)
                .cluster(OLD_PRIMARY, OLD_PRIMARY, oldPrimary())
                .cluster(NEW_PRIMARY, NEW_PRIMARY, newPrimary())
                .stepDelay(Duration.ofSeconds(1))
                .start() : null;
        try {
            this.stateRoot = Files.createTempDirectory("flowplane-drill-state-");
            this.clustersFile = stateRoot.resolve("clusters.yml");
            Files.writeString(clustersFile, guideTopology ? guideClustersFile() : """
                    clusters:
                      %s:%s
                        members:
                          %s: %s
                          %s: %s
                        urls:
                          %s-rotated: %s%s
                        control_planes:
                          - http://127.0.0.1:%d
                          - %s
                          - %s%s
                    """.formatted(CLUSTER, rds == null ? "" : "\n    aurora: {global_cluster: " + GLOBAL_CLUSTER + ", region: "
                    + OLD_PRIMARY + ", endpoint: \"" + rds.endpoint() + "\"}", OLD_PRIMARY, oldPrimary().url(), NEW_PRIMARY, newPrimary().url(),
                    OLD_PRIMARY, oldPrimary().url().replace("postgres@", ROTATED_USER + "@"), rds == null ? "" : auroraReaderUrls(),
                    apiAdminPort, controlPlaneAUrl(), controlPlaneBUrl(), rds == null ? "" : auroraReads()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The guide's topology: members by region and role; A's processes in us-east, B in eu-west. */
    private String guideClustersFile() {
        return """
                clusters:
                  %s:
                    members:
                      %s: {url: "%s", region: us-east, role: synchronous}
                      %s: {url: "%s", region: us-east, role: synchronous}
                      %s: {url: "%s", region: eu-west}
                      %s: {url: "%s", region: ap-east}
                    urls:
                      %s-rotated: %s
                    control_planes:
                      - {url: "http://127.0.0.1:%d", region: us-east}
                      - {url: "%s", region: us-east}
                      - {url: "%s", region: eu-west}
                """.formatted(CLUSTER, OLD_PRIMARY, oldPrimary().url(), NEW_PRIMARY, newPrimary().url(), EU_WEST,
                postgres.member(EU_WEST).url(), AP_EAST, postgres.member(AP_EAST).url(), OLD_PRIMARY,
                oldPrimary().url().replace("postgres@", ROTATED_USER + "@"), apiAdminPort, controlPlaneAUrl(), controlPlaneBUrl());
    }

    /** Each regional cluster's reader endpoint: here its one PostgreSQL server. */
    private String auroraReaderUrls() {
        return "\n      " + OLD_PRIMARY + "-ro: " + oldPrimary().url() + "\n      " + NEW_PRIMARY + "-ro: " + newPrimary().url();
    }

    /** Control plane A (api-service and xds-service) reads in us-east-1's region, B in us-east-2's. */
    private String auroraReads() {
        return "\n    reads:\n      http://127.0.0.1:" + apiAdminPort + ": " + OLD_PRIMARY + "-ro\n      " + controlPlaneAUrl() + ": "
                + OLD_PRIMARY + "-ro\n      " + controlPlaneBUrl() + ": " + NEW_PRIMARY + "-ro";
    }

    static FailoverStack start() throws Exception {
        return start(false, false);
    }

    /** The stack with the worker reaching control planes A and B through Toxiproxy links ({@link #xdsAHook}, {@link #xdsBHook}). */
    static FailoverStack startWithHooksThroughToxiproxy() throws Exception {
        return start(true, false);
    }

    /**
     * The stack as an Aurora Global Database {@value #GLOBAL_CLUSTER}: regional clusters us-east-1 (writer) and
     * us-east-2, each one of the stack's PostgreSQL servers behind the kit's RDS test double ({@link #rds}).
     */
    static FailoverStack startAsAuroraGlobalDatabase() throws Exception {
        return start(false, true);
    }

    /**
     * The stack on the guide's four members: primary us-east-1, synchronous replica us-east-2, asynchronous replicas
     * eu-west-1 and ap-east-1 (each streaming through a Toxiproxy link). Control plane A (api-service, xds-service) is
     * in us-east and reads from us-east-2; B (xds-service) is in eu-west and reads from eu-west-1.
     */
    static FailoverStack startGuideTopology() throws Exception {
        return start(PostgresCluster.builder().primary(OLD_PRIMARY).synchronousReplica(NEW_PRIMARY).asynchronousReplica(EU_WEST)
                .asynchronousReplica(AP_EAST), false, false, true);
    }

    /** The pair of {@link #start()}, on a Temporal dev server of its own (a file) that {@link #restartTemporal()} restarts. */
    static FailoverStack startWithPrivateTemporal() throws Exception {
        return start(PostgresCluster.builder().primary(OLD_PRIMARY).asynchronousReplica(NEW_PRIMARY), false, false, false, true);
    }

    private static FailoverStack start(boolean hooksThroughToxiproxy, boolean aurora) throws Exception {
        return start(PostgresCluster.builder().primary(OLD_PRIMARY).asynchronousReplica(NEW_PRIMARY), hooksThroughToxiproxy, aurora, false);
    }

    private static FailoverStack start(PostgresCluster.Builder members, boolean hooksThroughToxiproxy, boolean aurora,
            boolean guideTopology) throws Exception {
        return start(members, hooksThroughToxiproxy, aurora, guideTopology, false);
    }

    private static FailoverStack start(PostgresCluster.Builder members, boolean hooksThroughToxiproxy, boolean aurora,
            boolean guideTopology, boolean privateTemporal) throws Exception {
        terminateLeftOperation(TestStack.temporalAddress(), "a new stack starts");
        FailoverStack stack = new FailoverStack(members.withFlowplaneSchema().replicationThroughToxiproxy().start(),
                hooksThroughToxiproxy, aurora, guideTopology);
        try {
            if (privateTemporal) {
                stack.temporal = TemporalDevServer.start(stack.stateRoot.resolve("temporal.db"));
            }
            try (java.sql.Connection c = stack.oldPrimary().connect(); java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + ROTATED_USER + " LOGIN SUPERUSER");
            }
            stack.startServices();
            stack.configureAndStartEnvoys();
            return stack;
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    private void startServices() {
        services.add(FlowplaneServices.api("drill-api-" + taskQueue, env(readingIn(NEW_PRIMARY, Map.of("FLOWPLANE_STATE_DIR", state("api")))),
                apiAdminPort));
        services.add(FlowplaneServices.xds("drill-xds-a-" + taskQueue, env(readingIn(NEW_PRIMARY, Map.of("FLOWPLANE_STATE_DIR", state("xds-a"), "FLOWPLANE_XDS_PORT",
                String.valueOf(xdsAPort), "FLOWPLANE_XDS_ADMIN_PORT", String.valueOf(xdsAAdminPort),
                "FLOWPLANE_XDS_HTTP_PORT", String.valueOf(Ports.next())))), xdsAAdminPort));
        startControlPlaneB();
        startWorker();
    }

    /** Control plane B (its xds-service) with its own state directory, as it was started the first time. */
    void startControlPlaneB() {
        controlPlaneB = FlowplaneServices.xds("drill-xds-b-" + taskQueue + "-" + (++controlPlaneBStarts), env(readingIn(EU_WEST,
                Map.of("FLOWPLANE_STATE_DIR", state("xds-b"), "FLOWPLANE_XDS_PORT", String.valueOf(xdsBPort), "FLOWPLANE_XDS_ADMIN_PORT",
                String.valueOf(xdsBAdminPort), "FLOWPLANE_XDS_HTTP_PORT", String.valueOf(Ports.next())))), xdsBAdminPort);
        services.add(controlPlaneB);
    }

    /** Ends control plane B abruptly, as losing its region would. */
    void killControlPlaneB() {
        controlPlaneB.kill();
    }

    /** Control plane A's hook as the worker's configuration names it. */
    String controlPlaneAUrl() {
        return "http://127.0.0.1:" + (xdsAHook == null ? xdsAAdminPort : xdsAHook.port());
    }

    /** Control plane B's hook as the worker's configuration names it. */
    String controlPlaneBUrl() {
        return "http://127.0.0.1:" + (xdsBHook == null ? xdsBAdminPort : xdsBHook.port());
    }

    private void configureAndStartEnvoys() {
        Http api = api();
        expect(201, api.post("/api/v1/teams", "{\"name\": \"platform\"}"));
        clusterId = expect(201, api.post("/api/v1/clusters", """
                {"team": "platform", "name": "backend", "endpoints": [{"host": "127.0.0.1", "port": %d}]}"""
                .formatted(blue.port()))).get("id").asText();
        String[][] regions = {{"us-east-production", "127.0.0.1"}, {"eu-west-production", "127.0.0.2"}};
        for (String[] region : regions) {
            String dataplaneId = expect(201, api.post("/api/v1/teams/platform/dataplanes",
                    "{\"team\": \"platform\", \"name\": \"" + region[0] + "\"}")).get("id").asText();
            String listener = region[0].substring(0, 7) + "-listener";
            expect(201, api.post("/api/v1/route-configs", """
                    {"team": "platform", "name": "%s",
                     "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""
                    .formatted(listener)));
            expect(201, api.post("/api/v1/listeners", """
                    {"team": "platform", "name": "%s", "address": "%s", "port": %d, "dataplane_id": "%s"}"""
                    .formatted(listener, region[1], listenerPort, dataplaneId)));
        }
        int adminA = Ports.next();
        envoys.add(Envoy.start("drill-us-east-" + taskQueue,
                DataplaneBootstraps.bootstrap(api, "platform", "us-east-production", "admin_port=" + adminA), adminA));
        int adminB = Ports.next();
        String bootstrapB = DataplaneBootstraps.bootstrap(api, "platform", "eu-west-production", "admin_port=" + adminB)
                .replace("port_value: " + xdsAPort, "port_value: " + xdsBPort);
        envoys.add(Envoy.start("drill-eu-west-" + taskQueue, bootstrapB, adminB));
        awaitTrafficFrom("blue");
    }

    /**
     * Two real Envoys on control plane A claiming us-east-production without proving it: one with no
     * credential, one with eu-west-production's credential and us-east-production's id in its node metadata.
     * Each is refused (UNAUTHENTICATED, PERMISSION_DENIED) and retries; returned once A has refused both.
     */
    List<Envoy> startSpoofingEnvoys() {
        Http api = api();
        String usEastId = api.get("/api/v1/teams/platform/dataplanes/us-east-production").json().get("id").asText();
        String euWestId = api.get("/api/v1/teams/platform/dataplanes/eu-west-production").json().get("id").asText();
        int noCredentialAdmin = Ports.next();
        Http.Reply plain = api.get("/api/v1/teams/platform/dataplanes/us-east-production/bootstrap"
                + "?node_id=spoof-no-credential&admin_port=" + noCredentialAdmin);
        if (plain.status() != 200 || plain.body().contains("initial_metadata")) {
            throw new IllegalStateException("a bootstrap without a credential: " + plain.status() + " " + plain.body());
        }
        String noCredential = plain.body();
        int stolenAdmin = Ports.next();
        String stolenCredential = DataplaneBootstraps.bootstrap(api, "platform", "eu-west-production",
                "node_id=spoof-wrong-credential&admin_port=" + stolenAdmin).replace(euWestId, usEastId);
        List<Envoy> spoofs = List.of(Envoy.start("spoof-no-credential-" + taskQueue, noCredential, noCredentialAdmin),
                Envoy.start("spoof-wrong-credential-" + taskQueue, stolenCredential, stolenAdmin));
        Http xdsAdmin = Http.localhost(xdsAAdminPort);
        Wait.until("control plane A refusing both spoofing Envoys", Duration.ofSeconds(30), () -> {
            String metrics = xdsAdmin.get("/prometheus").body();
            return metrics.contains("flowplane_xds_streams_refused_total{code=\"UNAUTHENTICATED\",}")
                    && metrics.contains("flowplane_xds_streams_refused_total{code=\"PERMISSION_DENIED\",}");
        });
        return spoofs;
    }

    /** The member that is the primary when the drill starts. */
    PostgresMember oldPrimary() {
        return postgres.member(OLD_PRIMARY);
    }

    /** The streaming replica a failover promotes. */
    PostgresMember newPrimary() {
        return postgres.member(NEW_PRIMARY);
    }

    /** Both Envoys answer from the named upstream. */
    void awaitTrafficFrom(String upstream) {
        awaitTrafficFrom(upstream, List.of(US_EAST_ENVOY, EU_WEST_ENVOY));
    }

    void awaitTrafficFrom(String upstream, List<String> envoyAddresses) {
        for (String address : envoyAddresses) {
            Http client = new Http("http://" + address + ":" + listenerPort, null);
            Wait.until("traffic through Envoy at " + address + " from " + upstream, Duration.ofSeconds(60), () -> {
                try {
                    Http.Reply reply = client.get("/");
                    return reply.status() == 200 && reply.body().startsWith("hello from " + upstream) ? true : null;
                } catch (RuntimeException notYet) {
                    return null;
                }
            });
        }
    }

    /** Requests through the Envoy at this address, each answered by the named upstream. */
    Traffic trafficThrough(String envoyAddress, String upstream) {
        return Traffic.start("envoy-" + envoyAddress, Http.to("http://" + envoyAddress + ":" + listenerPort), "/",
                reply -> reply.status() == 200 && reply.body().startsWith("hello from " + upstream));
    }

    /** What Temporal recorded of the latest run of this operation. */
    WorkflowHistory history(String operationId) {
        return WorkflowHistory.of(temporalAddress(), operationId);
    }

    String temporalAddress() {
        return temporal == null ? TestStack.temporalAddress() : temporal.address();
    }

    /** Kills the stack's own Temporal dev server (SIGKILL) and starts it again on its file, as a crash and a restart would. */
    void restartTemporal() {
        if (temporal == null) {
            throw new IllegalStateException("the stack uses the shared Temporal dev server: start it with startWithPrivateTemporal()");
        }
        temporal.kill();
        temporal.restart();
    }

    /** The logs of the stack's Flowplane processes (api-service, both xds-services, every worker), the ended ones too. */
    List<Path> logs() {
        List<Path> logs = new ArrayList<>(services.stream().map(ManagedProcess::log).toList());
        workerLogs.forEach(logs::add);
        return logs;
    }

    /** Points the shared cluster at another upstream through the API: proves the write path and xDS push. */
    void switchBackendTo(Upstream upstream) {
        switchBackendTo(upstream, List.of(US_EAST_ENVOY, EU_WEST_ENVOY));
    }

    void switchBackendTo(Upstream upstream, List<String> envoyAddresses) {
        Http api = api();
        JsonNode cluster = Wait.until("the API to read cluster " + clusterId, Duration.ofSeconds(30), () -> {
            Http.Reply reply = api.get("/api/v1/clusters/" + clusterId);
            return reply.status() == 200 ? reply.json() : null;
        });
        Http.Reply updated = api.put("/api/v1/clusters/" + clusterId, """
                {"team": "platform", "name": "backend", "endpoints": [{"host": "127.0.0.1", "port": %d}], "version": %d}"""
                .formatted(upstream.port(), cluster.get("version").asLong()));
        if (updated.status() != 200) {
            throw new AssertionError("cluster update answered " + updated.status() + ": " + updated.body());
        }
        awaitTrafficFrom(upstream.name(), envoyAddresses);
    }

    void startWorker() {
        worker = FlowplaneServices.worker("drill-worker-" + taskQueue + "-" + (++workers), env(Map.of(
                "FLOWPLANE_DATABASE_CLUSTERS", clustersFile.toString(),
                "FLOWPLANE_WORKER_METRICS_PORT", "0")));
        workerLogs.add(worker.log());
    }

    /** Ends the worker abruptly, as a crash would. */
    void killWorker() {
        worker.kill();
    }

    /** Who the API records for the stack's client, which holds FLOWPLANE_ADMIN_TOKEN. */
    static final String ADMIN_ACTOR = "FLOWPLANE_ADMIN_TOKEN (admin-token)";

    /**
     * The operation's audit entries once one is {@code action}: they are written in the background, and
     * land once the API's database takes writes again.
     */
    JsonNode awaitAudit(String operationId, String action) {
        return Wait.until("audit entry '" + action + "' of " + operationId, Duration.ofSeconds(90), () -> {
            JsonNode entries = api().get("/api/v1/audit?resource_type=operation&resource_id=" + operationId).json();
            return entries.findValuesAsText("action").contains(action) ? entries : null;
        });
    }

    Http api() {
        return new Http("http://127.0.0.1:" + apiPort, ControlPlane.ADMIN_TOKEN);
    }

    /** GET /control-plane/status of each control-plane process. */
    List<JsonNode> controlPlaneStatuses() {
        return controlPlaneStatuses(List.of(apiAdminPort, xdsAAdminPort, xdsBAdminPort));
    }

    List<JsonNode> controlPlaneStatuses(List<Integer> adminPorts) {
        List<JsonNode> statuses = new ArrayList<>();
        for (int port : adminPorts) {
            statuses.add(expect(200, new Http("http://127.0.0.1:" + port, ControlPlane.ADMIN_TOKEN).get("/control-plane/status")));
        }
        return statuses;
    }

    JsonNode startOperation(String body) {
        return expect(202, api().post("/api/v1/failovers", body));
    }

    JsonNode awaitOperation(String id, String what, Duration timeout, Predicate<JsonNode> done) {
        return Wait.until(what + " (operation " + id + ")", timeout, () -> {
            JsonNode operation = api().get("/api/v1/failovers/" + id).json();
            String status = operation.path("status").asText();
            if (done.test(operation)) {
                return operation;
            }
            // An operation that has ended never reaches what is awaited: say so now, not at the deadline.
            if (!status.equals("RUNNING")) {
                throw new AssertionError("operation " + id + " ended " + status + " before " + what + ": " + operation);
            }
            return null;
        });
    }

    /** Waits until the operation is no longer running, however it ended. */
    JsonNode awaitEnd(String id, String what, Duration timeout) {
        return Wait.until(what + " (operation " + id + ")", timeout, () -> {
            JsonNode operation = api().get("/api/v1/failovers/" + id).json();
            return operation.path("status").asText().equals("RUNNING") ? null : operation;
        });
    }

    static boolean completed(JsonNode operation) {
        return operation.path("status").asText().equals("COMPLETED");
    }

    static boolean stepIn(JsonNode operation, String stepName, String state) {
        for (JsonNode step : operation.path("steps")) {
            if (step.path("name").asText().equals(stepName) && step.path("state").asText().equals(state)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> env(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("FLOWPLANE_DATABASE_URL", oldPrimary().url());
        env.put("FLOWPLANE_BOOTSTRAP_TOKEN", ControlPlane.ADMIN_TOKEN);
        env.put("FLOWPLANE_ADMIN_TOKEN", ControlPlane.ADMIN_TOKEN);
        env.put("FLOWPLANE_BIND_ADDRESS", "127.0.0.1");
        env.put("FLOWPLANE_API_PORT", String.valueOf(apiPort));
        env.put("FLOWPLANE_API_ADMIN_PORT", String.valueOf(apiAdminPort));
        env.put("FLOWPLANE_XDS_PORT", String.valueOf(xdsAPort));
        env.put("FLOWPLANE_XDS_BIND_ADDRESS", "127.0.0.1");
        env.put("FLOWPLANE_XDS_PUBLIC_HOST", "127.0.0.1");
        env.put("FLOWPLANE_TEMPORAL_ADDRESS", temporalAddress());
        env.put("FLOWPLANE_TEMPORAL_TASK_QUEUE", taskQueue);
        // Only the worker calls RDS; the SDK's default chain reads these.
        env.put("AWS_ACCESS_KEY_ID", AwsQueryServer.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", AwsQueryServer.SECRET_ACCESS_KEY);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(overrides);
        return env;
    }

    /** In the guide's topology, a process reads from its region's replica (FLOWPLANE_DATABASE_READ_URL). */
    private Map<String, String> readingIn(String member, Map<String, String> overrides) {
        if (!guideTopology) {
            return overrides;
        }
        Map<String, String> withRead = new HashMap<>(overrides);
        withRead.put("FLOWPLANE_DATABASE_READ_URL", postgres.member(member).url());
        return withRead;
    }

    private String state(String process) {
        return stateRoot.resolve(process).toString();
    }

    private static JsonNode expect(int status, Http.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + " but got " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    /**
     * Operations are one per cluster, by workflow id, and every stack names its cluster alike: a run
     * a failed test left running (with its worker gone) would refuse the next stack's operations.
     */
    private static void terminateLeftOperation(String temporalAddress, String why) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
        try {
            WorkflowClient.newInstance(service).newUntypedWorkflowStub("database-operation-" + CLUSTER).terminate(why);
        } catch (RuntimeException nothingRunning) {
            // none left, or already closed
        } finally {
            service.shutdown();
        }
    }

    @Override
    public void close() throws Exception {
        terminateLeftOperation(temporalAddress(), "the stack closes");
        envoys.forEach(Envoy::close);
        if (worker != null) {
            worker.close();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        blue.close();
        green.close();
        for (Toxiproxy.Link hook : java.util.Arrays.asList(xdsAHook, xdsBHook)) {
            if (hook != null) {
                hook.close();
            }
        }
        if (rds != null) {
            rds.close();
        }
        if (temporal != null) {
            temporal.close();
        }
        postgres.close();
    }
}
