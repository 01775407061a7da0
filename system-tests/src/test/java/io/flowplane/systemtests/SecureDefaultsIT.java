package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.core.controlplane.AdminTls;
import io.flowplane.testkit.Certificates;
import io.flowplane.testkit.DataplaneBootstraps;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.ManagedProcess;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.Wait;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the three processes refuse or hide with their default settings, on real processes started from
 * their jars: a weak admin token stops each at start, Dropwizard's admin tasks are closed, unauthenticated
 * health names no host, and client-chosen text reaches the log escaped.
 */
@Tag("isolated")
class SecureDefaultsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aWeakAdminTokenStopsEveryProcessWithAMessageNamingTheVariable() {
        ControlPlane ports = new ControlPlane(TestDatabase.create().primaryUrl());
        Map<String, String> env = ports.environment();
        env.put("FLOWPLANE_ADMIN_TOKEN", "CHANGE-ME-long-random");
        List<ManagedProcess> processes = List.of(
                ManagedProcess.java("weak-token-api", TestStack.serviceJar("api-service", "flowplane-api-service"),
                        List.of("server", "deploy/config/api-service.yml"), env),
                ManagedProcess.java("weak-token-xds", TestStack.serviceJar("xds-service", "flowplane-xds-service"),
                        List.of("server", "deploy/config/xds-service.yml"), env),
                ManagedProcess.java("weak-token-worker", TestStack.serviceJar("activities", "flowplane-activities"),
                        List.of(), env));
        try {
            for (ManagedProcess process : processes) {
                Wait.until(process.name() + " to stop", WAIT, () -> !process.isAlive());
                assertThat(process.logText()).as(process.name())
                        .contains("FLOWPLANE_ADMIN_TOKEN is a placeholder (it contains 'change-me')");
            }
        } finally {
            processes.forEach(ManagedProcess::close);
        }
    }

    @Test
    void adminTasksAreClosedHealthNamesNoHostAndANodeIdReachesTheLogEscaped() throws Exception {
        TestDatabase database = TestDatabase.create();
        ControlPlane controlPlane = new ControlPlane(database.primaryUrl());
        try (controlPlane) {
            controlPlane.start();
            for (int adminPort : new int[] {controlPlane.apiAdminPort, controlPlane.xdsAdminPort}) {
                Http admin = Http.localhost(adminPort);
                assertThat(admin.post("/tasks/gc", "").status()).as("POST /tasks/gc on :%s", adminPort).isEqualTo(404);
                assertThat(admin.post("/tasks/log-level?logger=ROOT&level=TRACE", "").status()).isEqualTo(404);
                Http.Reply health = admin.get("/healthcheck");
                assertThat(health.body()).as("health on :%s", adminPort)
                        .doesNotContain("127.0.0.1").doesNotContain("localhost").doesNotContain(database.name());
            }

            Http api = controlPlane.api();
            api.post("/api/v1/teams", "{\"name\": \"platform\"}");
            api.post("/api/v1/teams/platform/dataplanes", "{\"team\": \"platform\", \"name\": \"edge\"}");
            int adminPort = Ports.next();
            String bootstrap = DataplaneBootstraps.bootstrap(api, "platform", "edge",
                    "node_id=evil-node&admin_port=" + adminPort)
                    .replace("id: evil-node", "id: \"evil-node\\nERROR forged log line\\u202e\"");
            try (Envoy envoy = Envoy.start("evil-node", bootstrap, adminPort)) {
                ManagedProcess xds = controlPlane.process("xds-service");
                Wait.until("the node's binding in the xds-service log", WAIT,
                        () -> xds.logText().contains("evil-node\\nERROR forged log line\\u202e"));
                assertThat(xds.logText().lines()).as("no line the node forged")
                        .noneMatch(line -> line.startsWith("ERROR forged"))
                        .noneMatch(line -> line.contains("\u202e"));
                assertThat(envoy.isAlive()).isTrue();
            }
        }
    }

    @Test
    void withACertificateTheAdminPortServesHooksOverHttpsOnly() throws Exception {
        Certificates ca = Certificates.newCa("admin-port-ca");
        Certificates.Leaf certificate = ca.issue("xds-admin", "IP:127.0.0.1");
        ControlPlane ports = new ControlPlane(TestDatabase.create().primaryUrl());
        Map<String, String> env = ports.environment();
        env.put("FLOWPLANE_ADMIN_TOKEN", ControlPlane.ADMIN_TOKEN);
        env.put(AdminTls.CERT_PATH, certificate.cert().toString());
        env.put(AdminTls.KEY_PATH, certificate.key().toString());
        HttpClient verifying = HttpClient.newBuilder().sslContext(AdminTls.trusting(ca.caCert))
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI status = URI.create("https://127.0.0.1:" + ports.xdsAdminPort + "/control-plane/status");
        try (ManagedProcess xds = ManagedProcess.java("xds-admin-tls",
                TestStack.serviceJar("xds-service", "flowplane-xds-service"),
                List.of("server", "deploy/config/xds-service.yml"), env)) {
            HttpResponse<String> answer = Wait.until("the hooks over HTTPS", WAIT, () -> {
                xds.assertAlive();
                try {
                    return verifying.send(HttpRequest.newBuilder(status)
                            .header("Authorization", "Bearer " + ControlPlane.ADMIN_TOKEN).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"service\"");
            assertThat(xds.logText()).contains("admin port serves HTTPS");

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            boolean answeredInClear;
            try {
                answeredInClear = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.xdsAdminPort
                        + "/control-plane/status")).header("Authorization", "Bearer " + ControlPlane.ADMIN_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException refused) {
                answeredInClear = false;
            }
            assertThat(answeredInClear).as("the hooks answer nothing in clear").isFalse();
            HttpClient untrusting = HttpClient.newBuilder()
                    .sslContext(AdminTls.trusting(Certificates.newCa("another-ca").caCert)).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(status).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }
}
