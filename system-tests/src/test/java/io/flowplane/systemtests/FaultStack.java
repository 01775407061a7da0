package io.flowplane.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowplane.testkit.DataplaneBootstraps;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.PostgresCluster;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.SecretScan;
import io.flowplane.testkit.Toxiproxy;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A control plane for fault drills, all real and private to one test: a PostgreSQL server its processes reach
 * through a Toxiproxy link (to stop it, or hang the link), api-service and xds-service (and, when asked, a second
 * xds-service on the same database), one team's gateway configuration, and real Envoys with live traffic.
 */
final class FaultStack implements AutoCloseable {
    static final String REGION = "us-east-1";
    /** FLOWPLANE_ADMIN_TOKEN of the processes: the status APIs answer it without the database. */
    static final String BREAK_GLASS_TOKEN = "fp_fault_" + UUID.randomUUID().toString().replace("-", "");
    static final Duration WAIT = Duration.ofSeconds(60);
    /** In every process's database URL (the server trusts loopback, so it is never checked): it must never be shown. */
    static final String DATABASE_PASSWORD = "pw-" + UUID.randomUUID().toString().replace("-", "");

    final PostgresCluster postgres;
    final ControlPlane controlPlane;
    /** The second xds-service's control plane, when the stack was started with one; the test starts it. */
    final ControlPlane standby;
    final Upstream blue = Upstream.named("blue");
    final Upstream green = Upstream.named("green");
    private final List<Envoy> envoys = new ArrayList<>();
    private final List<Integer> listenerPorts = new ArrayList<>();
    private final List<String> credentials = new ArrayList<>();
    private String clusterId;

    private FaultStack(PostgresCluster postgres, boolean standbyXds, Map<String, String> extraEnvironment) {
        this.postgres = postgres;
        String databaseUrl = postgres.clientUrl(REGION).replace("://postgres@", "://postgres:" + DATABASE_PASSWORD + "@");
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("FLOWPLANE_ADMIN_TOKEN", BREAK_GLASS_TOKEN);
        this.controlPlane = new ControlPlane(databaseUrl, environment);
        this.standby = standbyXds ? new ControlPlane(databaseUrl, environment) : null;
    }

    /** One xds-service; {@code envoys} Envoys on it, each with a listener of its own, and traffic through them. */
    static FaultStack start(int envoys) {
        return start(envoys, false, Map.of());
    }

    /**
     * As {@link #start(int)}, with a second xds-service that every Envoy's bootstrap lists after the first; it is not
     * started ({@code standby.startXds()}), so every Envoy streams from the first.
     */
    static FaultStack startWithStandbyXds(int envoys) {
        return start(envoys, true, Map.of());
    }

    /** @param extraEnvironment set on every process, e.g. FLOWPLANE_XDS_CLUSTER_RETENTION */
    static FaultStack start(int envoys, boolean standbyXds, Map<String, String> extraEnvironment) {
        PostgresCluster postgres = PostgresCluster.builder().primary(REGION).withFlowplaneSchema().start();
        FaultStack stack = new FaultStack(postgres, standbyXds, extraEnvironment);
        try {
            stack.controlPlane.startWithoutWorker();
            stack.configure(envoys);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void configure(int envoyCount) {
        Http api = api();
        expect(201, api.post("/api/v1/teams", "{\"name\": \"platform\"}"));
        clusterId = expect(201, api.post("/api/v1/clusters", """
                {"team": "platform", "name": "backend", "endpoints": [{"host": "127.0.0.1", "port": %d}]}"""
                .formatted(blue.port()))).get("id").asText();
        expect(201, api.post("/api/v1/route-configs", """
                {"team": "platform", "name": "edge-routes",
                 "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""));
        for (int i = 0; i < envoyCount; i++) {
            String dataplane = "edge-" + i;
            String dataplaneId = expect(201, api.post("/api/v1/teams/platform/dataplanes",
                    "{\"team\": \"platform\", \"name\": \"" + dataplane + "\"}")).get("id").asText();
            int listenerPort = Ports.next();
            expect(201, api.post("/api/v1/listeners", """
                    {"team": "platform", "name": "%s-listener", "address": "127.0.0.1", "port": %d, "dataplane_id": "%s",
                     "route_config": "edge-routes"}""".formatted(dataplane, listenerPort, dataplaneId)));
            int adminPort = Ports.next();
            DataplaneBootstraps.Issued issued = DataplaneBootstraps.issue(api, "platform", dataplane,
                    "node_id=" + dataplane + "&admin_port=" + adminPort);
            String bootstrap = issued.yaml();
            credentials.add(issued.credential());
            envoys.add(Envoy.start("fault-" + dataplane + "-" + controlPlane.xdsPort,
                    standby == null ? bootstrap : withSecondXdsEndpoint(bootstrap, standby.xdsPort), adminPort));
            listenerPorts.add(listenerPort);
        }
        for (int i = 0; i < envoyCount; i++) {
            Http listener = throughEnvoy(i);
            Wait.until("traffic through " + envoys.get(i).name(), WAIT, () -> {
                try {
                    return listener.get("/").body().startsWith("hello from blue");
                } catch (RuntimeException notListeningYet) {
                    return false;
                }
            });
        }
    }

    /** The bootstrap with {@code port} on loopback as a second endpoint of its ADS cluster. */
    private static String withSecondXdsEndpoint(String bootstrap, int port) {
        return BootstrapYaml.editXdsCluster(bootstrap, cluster -> {
            ArrayNode endpoints = (ArrayNode) cluster.path("load_assignment").path("endpoints").get(0).path("lb_endpoints");
            ObjectNode second = endpoints.get(0).deepCopy();
            ((ObjectNode) second.path("endpoint").path("address").path("socket_address")).put("port_value", port);
            endpoints.add(second);
        });
    }

    Http api() {
        return controlPlane.api();
    }

    /** The first xds-service's status API, read with the break-glass token (no database lookup). */
    Http xdsStatus() {
        return xdsStatus(controlPlane);
    }

    static Http xdsStatus(ControlPlane of) {
        return new Http("http://127.0.0.1:" + of.xdsHttpPort, BREAK_GLASS_TOKEN);
    }

    Http xdsAdmin() {
        return Http.localhost(controlPlane.xdsAdminPort);
    }

    Http apiAdmin() {
        return Http.localhost(controlPlane.apiAdminPort);
    }

    PostgresMember database() {
        return postgres.member(REGION);
    }

    /** The link every process reaches the database through. */
    Toxiproxy.Link databaseLink() {
        return postgres.clientLink(REGION);
    }

    List<Envoy> envoys() {
        return envoys;
    }

    Http throughEnvoy(int index) {
        return Http.localhost(listenerPorts.get(index));
    }

    /** Traffic through every Envoy, one request after another; an answer from either upstream is a success. */
    List<Traffic> trafficThroughEveryEnvoy() {
        return trafficThroughEveryEnvoy(Duration.ofMillis(10), Duration.ofMinutes(10));
    }

    List<Traffic> trafficThroughEveryEnvoy(Duration pause, Duration maxDuration) {
        List<Traffic> traffic = new ArrayList<>();
        for (int i = 0; i < envoys.size(); i++) {
            traffic.add(Traffic.start(envoys.get(i).name(), throughEnvoy(i), "/",
                    reply -> reply.status() == 200 && reply.body().matches("hello from (blue|green) /"), pause, maxDuration));
        }
        return traffic;
    }

    /** Points the backend at {@code upstream} through the API, and waits until every Envoy answers from it. */
    void switchBackendTo(Upstream upstream) {
        Http api = api();
        JsonNode cluster = expect(200, api.get("/api/v1/clusters/" + clusterId));
        expect(200, api.put("/api/v1/clusters/" + clusterId, """
                {"team": "platform", "name": "backend", "endpoints": [{"host": "127.0.0.1", "port": %d}], "version": %d}"""
                .formatted(upstream.port(), cluster.get("version").asLong())));
        for (int i = 0; i < envoys.size(); i++) {
            Http listener = throughEnvoy(i);
            Wait.until(envoys.get(i).name() + " answering from " + upstream.name(), WAIT,
                    () -> listener.get("/").body().startsWith("hello from " + upstream.name()));
        }
    }

    /** The stack's secrets, and every log its processes wrote, to search; the test adds the bodies it saw. */
    SecretScan secretScan() {
        SecretScan scan = new SecretScan().secret("the database password", DATABASE_PASSWORD)
                .secret("FLOWPLANE_ADMIN_TOKEN", BREAK_GLASS_TOKEN)
                .secret("the bootstrap admin token", ControlPlane.ADMIN_TOKEN);
        for (int i = 0; i < credentials.size(); i++) {
            scan.secret("dataplane credential " + i, credentials.get(i));
        }
        controlPlane.logs().forEach(scan::file);
        if (standby != null) {
            standby.logs().forEach(scan::file);
        }
        return scan;
    }

    static JsonNode expect(int status, Http.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }

    @Override
    public void close() {
        envoys.forEach(Envoy::close);
        if (standby != null) {
            standby.close();
        }
        controlPlane.close();
        blue.close();
        green.close();
        postgres.close();
    }
}
