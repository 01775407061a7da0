package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.DataplaneBootstraps;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.FlowplaneServices;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.ManagedProcess;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.Traffic;
import io.flowplane.testkit.Upstream;
import io.flowplane.testkit.Wait;
import io.flowplane.testkit.aws.DnsResolverDouble;
import io.flowplane.testkit.aws.MotoServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The guide's "Control Plane Failover" through the API on real processes: two xds-services listening on the
 * same port at 127.0.0.3 and 127.0.0.4, one real Envoy whose control-plane cluster resolves
 * {@value #RECORD} with live traffic through it, the worker, and Route 53 as moto (real). moto answers no
 * DNS queries, so the Envoy resolves through the kit's {@code DnsResolverDouble}, a TEST DOUBLE of Route 53's
 * name servers that answers from moto's record.
 */
class ControlPlaneDnsIT {
    private static final String RECORD = "xds.flowplane-dns.test";
    private static final String NODE = "envoy-dns-1";

    @Test
    void theRecordMovesToTheSecondControlPlaneAndTheEnvoyFollowsItWithoutAFailedRequest() throws Exception {
        String cluster = "dns-" + UUID.randomUUID().toString().substring(0, 8);
        String taskQueue = "flowplane-dns-" + cluster;
        String database = TestDatabase.create().primaryUrl();
        int xdsPort = Ports.next();
        int apiPort = Ports.next();
        int apiAdminPort = Ports.next();
        int adminA = Ports.next();
        int adminB = Ports.next();
        String controlPlaneA = "http://127.0.0.1:" + adminA;
        String controlPlaneB = "http://127.0.0.1:" + adminB;
        Route53Client route53 = Route53Client.builder().endpointOverride(URI.create(MotoServer.shared().endpoint()))
                .region(Region.AWS_GLOBAL).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        String zone = route53.createHostedZone(r -> r.name("flowplane-dns.test.").callerReference(cluster)).hostedZone().id()
                .replace("/hostedzone/", "");
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c.action(ChangeAction.CREATE)
                .resourceRecordSet(s -> s.name(RECORD + ".").type(RRType.A).ttl(1L)
                        .resourceRecords(ResourceRecord.builder().value("127.0.0.3").build())))));

        Path clustersFile = Files.createTempFile("dns-clusters", ".yml");
        Files.writeString(clustersFile, """
                clusters:
                  %s:
                    members: {primary: "%s"}
                    control_planes: ["%s", "%s"]
                    dns:
                      hosted_zone_id: %s
                      record: %s
                      endpoint: "%s"
                      targets: {"%s": 127.0.0.3, "%s": 127.0.0.4}
                """.formatted(cluster, database, controlPlaneA, controlPlaneB, zone, RECORD, MotoServer.shared().endpoint(),
                controlPlaneA, controlPlaneB));
        Map<String, String> env = new HashMap<>(Map.of(
                "FLOWPLANE_DATABASE_URL", database,
                "FLOWPLANE_BOOTSTRAP_TOKEN", ControlPlane.ADMIN_TOKEN,
                "FLOWPLANE_ADMIN_TOKEN", ControlPlane.ADMIN_TOKEN,
                "FLOWPLANE_BIND_ADDRESS", "127.0.0.1",
                "FLOWPLANE_API_PORT", String.valueOf(apiPort),
                "FLOWPLANE_API_ADMIN_PORT", String.valueOf(apiAdminPort),
                "FLOWPLANE_XDS_PORT", String.valueOf(xdsPort),
                "FLOWPLANE_XDS_PUBLIC_HOST", RECORD,
                "FLOWPLANE_TEMPORAL_ADDRESS", TestStack.temporalAddress(),
                "FLOWPLANE_TEMPORAL_TASK_QUEUE", taskQueue));
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_EC2_METADATA_DISABLED", "true",
                "FLOWPLANE_DATABASE_CLUSTERS", clustersFile.toString(), "FLOWPLANE_WORKER_METRICS_PORT", "0"));

        List<ManagedProcess> processes = new ArrayList<>();
        try (DnsResolverDouble resolver = DnsResolverDouble.start(name -> name.equals(RECORD) ? Optional.of(lookup(route53, zone))
                : Optional.empty());
                Upstream upstream = Upstream.named("backend")) {
            processes.add(FlowplaneServices.api("dns-api-" + cluster, env, apiAdminPort));
            processes.add(FlowplaneServices.xds("dns-xds-a-" + cluster, with(env, "127.0.0.3", adminA), adminA));
            processes.add(FlowplaneServices.xds("dns-xds-b-" + cluster, with(env, "127.0.0.4", adminB), adminB));
            processes.add(FlowplaneServices.worker("dns-worker-" + cluster, env));
            Http api = new Http("http://127.0.0.1:" + apiPort, ControlPlane.ADMIN_TOKEN);
            int listenerPort = configure(api, upstream);
            int envoyAdmin = Ports.next();
            String bootstrap = DataplaneBootstraps.bootstrap(api, "platform", "dns-edge",
                    "admin_port=" + envoyAdmin + "&node_id=" + NODE);
            try (Envoy envoy = Envoy.start("dns-" + cluster, resolvingThrough(bootstrap, resolver.port()), envoyAdmin)) {
                Http edge = Http.to("http://127.0.0.1:" + listenerPort);
                Wait.until("traffic through the Envoy", Duration.ofSeconds(30), () -> {
                    try {
                        return edge.get("/").status() == 200;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
                Traffic traffic = Traffic.start("envoy-dns", edge, "/",
                        reply -> reply.status() == 200 && reply.body().startsWith("hello from backend"));
                traffic.awaitSucceeded(20);
                Wait.until(NODE + " streaming from control plane A", Duration.ofSeconds(30), () -> nodes(controlPlaneA).contains(NODE));

                JsonNode started = expect(202, api.post("/api/v1/failovers", """
                        {"kind": "control-plane-dns", "target": "%s", "options": {"to": "%s", "drain_seconds": 0}}"""
                        .formatted(cluster, controlPlaneB)));
                String id = started.get("id").asText();
                JsonNode done = Wait.until("the DNS failover", Duration.ofMinutes(2), () -> {
                    JsonNode operation = api.get("/api/v1/failovers/" + id).json();
                    String status = operation.path("status").asText();
                    if (!status.equals("RUNNING") && !status.equals("COMPLETED")) {
                        throw new AssertionError("operation ended " + status + ": " + operation);
                    }
                    return status.equals("COMPLETED") ? operation : null;
                });

                JsonNode result = done.get("result");
                assertThat(result.get("from").asText()).isEqualTo(controlPlaneA);
                assertThat(result.at("/expected_nodes").toString()).contains(NODE);
                assertThat(result.at("/not_reconnected").size()).as(result.toString()).isZero();
                assertThat(result.at("/after/values/0").asText()).isEqualTo("127.0.0.4");
                assertThat(result.at("/after/ttl_seconds").asLong()).as("TTL kept").isEqualTo(1);
                assertThat(nodes(controlPlaneB)).contains(NODE);
                traffic.close();
                assertThat(traffic.failed()).as(traffic.toString()).isZero();
            }
        } finally {
            for (int i = processes.size() - 1; i >= 0; i--) {
                processes.get(i).close();
            }
            route53.close();
        }
    }

    private static Map<String, String> with(Map<String, String> env, String bindAddress, int adminPort) {
        Map<String, String> xds = new HashMap<>(env);
        xds.put("FLOWPLANE_XDS_BIND_ADDRESS", bindAddress);
        xds.put("FLOWPLANE_XDS_ADMIN_PORT", String.valueOf(adminPort));
        xds.put("FLOWPLANE_XDS_HTTP_PORT", String.valueOf(Ports.next()));
        return xds;
    }

    private static DnsResolverDouble.Answer lookup(Route53Client route53, String zone) {
        ResourceRecordSet set = route53.listResourceRecordSets(r -> r.hostedZoneId(zone).startRecordName(RECORD + "."))
                .resourceRecordSets().stream().filter(s -> s.name().equals(RECORD + ".")).findFirst().orElseThrow();
        return new DnsResolverDouble.Answer(set.resourceRecords().stream().map(ResourceRecord::value).toList(), set.ttl());
    }

    /** The generated bootstrap, its control-plane cluster resolving through the double every second. */
    private static String resolvingThrough(String bootstrap, int resolverPort) {
        return BootstrapYaml.editXdsCluster(bootstrap, c -> {
            c.put("dns_refresh_rate", "1s");
            c.put("respect_dns_ttl", true);
            c.put("dns_lookup_family", "V4_ONLY");
            c.set("typed_dns_resolver_config", BootstrapYaml.YAML.readTree("""
                    name: envoy.network.dns_resolver.cares
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig
                      resolvers: [{socket_address: {address: 127.0.0.1, port_value: %d, protocol: UDP}}]
                      dns_resolver_options: {no_default_search_domain: true}
                    """.formatted(resolverPort)));
        });
    }

    private static List<String> nodes(String controlPlane) {
        JsonNode body = new Http(controlPlane, ControlPlane.ADMIN_TOKEN).get("/control-plane/dataplanes").json();
        List<String> nodes = new ArrayList<>();
        body.path("nodes").forEach(n -> nodes.add(n.asText()));
        return nodes;
    }

    private static int configure(Http api, Upstream upstream) {
        expect(201, api.post("/api/v1/teams", "{\"name\": \"platform\"}"));
        String dataplane = expect(201, api.post("/api/v1/teams/platform/dataplanes", "{\"team\": \"platform\", \"name\": \"dns-edge\"}"))
                .get("id").asText();
        expect(201, api.post("/api/v1/clusters", """
                {"team": "platform", "name": "backend", "endpoints": [{"host": "127.0.0.1", "port": %d}]}""".formatted(upstream.port())));
        expect(201, api.post("/api/v1/route-configs", """
                {"team": "platform", "name": "edge-listener",
                 "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""));
        int port = Ports.next();
        expect(201, api.post("/api/v1/listeners", """
                {"team": "platform", "name": "edge-listener", "address": "127.0.0.1", "port": %d, "dataplane_id": "%s"}"""
                .formatted(port, dataplane)));
        return port;
    }

    private static JsonNode expect(int status, Http.Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + " but got " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }
}
