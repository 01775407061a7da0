package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.testkit.Certificates;
import io.flowplane.testkit.FlowplaneServices;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.ManagedProcess;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.TestStack;
import io.flowplane.testkit.TlsTerminator;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The API and the worker reach Temporal over mutual TLS. The dev server has no TLS of its own, so a real Envoy
 * terminates it in front of the real dev server ({@link TlsTerminator}); it asks for a client certificate
 * signed by the test CA. Nothing in between is a double.
 */
@Tag("isolated")
class TemporalTlsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Certificates ca;
    private static Certificates.Leaf clientCertificate;
    private static TlsTerminator terminator;

    @BeforeAll
    static void terminateTlsInFrontOfTheDevServer() {
        ca = Certificates.newCa("temporal-test-ca");
        Certificates.Leaf server = ca.issue("temporal-frontend", "DNS:temporal.flowplane.test");
        clientCertificate = ca.issue("flowplane-client", "DNS:flowplane-client");
        String devServer = TestStack.temporalAddress();
        terminator = TlsTerminator.start("temporal-tls", server, ca.caCert,
                Integer.parseInt(devServer.substring(devServer.lastIndexOf(':') + 1)));
    }

    @AfterAll
    static void stop() {
        if (terminator != null) {
            terminator.close();
        }
    }

    private static Map<String, String> tlsEnvironment(ControlPlane controlPlane, String caPath) {
        Map<String, String> env = controlPlane.environment();
        env.put("FLOWPLANE_TEMPORAL_ADDRESS", terminator.address());
        env.put("FLOWPLANE_TEMPORAL_TLS_CA_PATH", caPath);
        env.put("FLOWPLANE_TEMPORAL_TLS_SERVER_NAME", "temporal.flowplane.test");
        env.put("FLOWPLANE_TEMPORAL_TLS_CERT_PATH", clientCertificate.cert().toString());
        env.put("FLOWPLANE_TEMPORAL_TLS_KEY_PATH", clientCertificate.key().toString());
        return env;
    }

    @Test
    void theApiAndTheWorkerRunAnOperationOverMutualTls() {
        ControlPlane controlPlane = new ControlPlane(TestDatabase.create().primaryUrl());
        Map<String, String> env = tlsEnvironment(controlPlane, ca.caCert.toString());
        try (ManagedProcess api = FlowplaneServices.api("api-temporal-tls", env, controlPlane.apiAdminPort);
                ManagedProcess worker = FlowplaneServices.worker("worker-temporal-tls", env)) {
            assertThat(worker.logText()).contains("temporal=" + terminator.address() + " (TLS, CA ");
            Http rest = controlPlane.api();
            Http.Reply started = rest.post("/api/v1/operations", "{\"kind\": \"database-check\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String id = started.json().path("id").asText();
            Wait.until("operation " + id + " completed over TLS", WAIT,
                    () -> rest.get("/api/v1/operations/" + id).body().contains("\"status\":\"COMPLETED\""));
            assertThat(Http.localhost(controlPlane.apiAdminPort).get("/healthcheck").body())
                    .contains("Temporal is serving");
        }
    }

    @Test
    void aWrongCaStopsTheWorkerAndTheApiSaysTemporalIsUnreachable() {
        Certificates other = Certificates.newCa("not-the-temporal-ca");
        ControlPlane controlPlane = new ControlPlane(TestDatabase.create().primaryUrl());
        Map<String, String> env = tlsEnvironment(controlPlane, other.caCert.toString());
        ManagedProcess worker = ManagedProcess.java("worker-wrong-ca",
                TestStack.serviceJar("activities", "flowplane-activities"), List.of(), env);
        try (worker; ManagedProcess api = FlowplaneServices.api("api-wrong-ca", env, controlPlane.apiAdminPort)) {
            Wait.until("the worker to stop", WAIT, () -> !worker.isAlive());
            assertThat(worker.logText()).contains("cannot reach Temporal at " + terminator.address() + " (TLS, CA "
                    + other.caCert);

            Http.Reply health = Http.localhost(controlPlane.apiAdminPort).get("/healthcheck");
            assertThat(health.status()).isEqualTo(500);
            assertThat(health.body()).contains("Temporal unreachable");
            Http.Reply refused = controlPlane.api().post("/api/v1/operations", "{\"kind\": \"database-check\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        }
    }
}
