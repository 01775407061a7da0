package io.flowplane.xds.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Certificates;
import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.binding.CertificateIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ADS over mutual TLS with real Envoys; client certificates name the dataplane they may receive. */
class EnvoyMtlsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a refused Envoy is watched: it retries every few seconds, so this covers several attempts. */
    private static final Duration REFUSED_WATCH = Duration.ofSeconds(6);

    // One server for the class: each test starts Envoys of its own, and none changes the configuration.
    private static StoreDatabase db;
    private static XdsServer xds;
    private static Certificates certificates;
    private static Gateway gatewayA;
    private static Gateway gatewayB;
    private final List<Envoy> envoys = new ArrayList<>();

    @BeforeAll
    static void start() {
        db = StoreDatabase.create();
        Gateway.team(db, "payments");
        gatewayA = Gateway.create(db, "payments", "a", 8080, Ports.next());
        gatewayB = Gateway.create(db, "payments", "b", 8080, Ports.next());
        certificates = Certificates.newCa("flowplane-it-ca");
        Certificates.Leaf server = certificates.issue("xds-server", "DNS:localhost", "IP:127.0.0.1");
        xds = XdsServer.start(db.primaryUrl, Map.of(
                "xds.tls.certPath", server.cert().toString(),
                "xds.tls.keyPath", server.key().toString(),
                "xds.tls.clientCaPath", certificates.caCert.toString(),
                "xds.tls.requireClientCert", "true"));
    }

    @AfterEach
    void stopEnvoys() {
        envoys.forEach(Envoy::close);
    }

    @AfterAll
    static void stop() {
        xds.close();
        db.close();
    }

    private Envoy envoy(String name, Gateway gateway, Certificates.Leaf clientCert) {
        Envoy envoy = AdsBootstrap.startEnvoy(name, xds.grpcPort, gateway.dataplane().id(), null, false,
                new AdsBootstrap.Tls(certificates.caCert, clientCert == null ? null : clientCert.cert(),
                        clientCert == null ? null : clientCert.key()));
        envoys.add(envoy);
        return envoy;
    }

    private static Certificates.Leaf certificateFor(Gateway gateway) {
        return certificates.issue("envoy-" + gateway.dataplane().name(),
                "URI:" + CertificateIdentity.SPIFFE_PREFIX + gateway.dataplane().id());
    }

    private static JsonNode stream(String nodeId) {
        for (JsonNode stream : xds.xdsStatus().json().path("streams")) {
            if (nodeId.equals(stream.path("node_id").asText())) {
                return stream;
            }
        }
        return null;
    }

    @Test
    void anEnvoyWithAValidCertificateForItsDataplaneGetsItsListener() {
        Envoy envoy = envoy("envoy-a", gatewayA, certificateFor(gatewayA));

        Wait.until("listener a in Envoy", WAIT, () -> envoy.activeListeners().contains(gatewayA.listener().name()));
        assertThat(envoy.activeListeners()).containsExactly(gatewayA.listener().name());
    }

    @Test
    void anEnvoyWithoutAClientCertificateIsRefused() {
        assertRefusedAtTheHandshake("envoy-no-cert", envoy("envoy-no-cert", gatewayA, null));
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        Certificates otherCa = Certificates.newCa("someone-elses-ca");
        Certificates.Leaf forA = otherCa.issue("envoy-a-other-ca",
                "URI:" + CertificateIdentity.SPIFFE_PREFIX + gatewayA.dataplane().id());

        assertRefusedAtTheHandshake("envoy-other-ca", envoy("envoy-other-ca", gatewayA, forA));
    }

    @Test
    void anExpiredCertificateIsRefused() {
        Certificates.Leaf expired = certificates.issueExpired("envoy-a-expired",
                "URI:" + CertificateIdentity.SPIFFE_PREFIX + gatewayA.dataplane().id());
        assertThat(expired.x509().getNotAfter()).isInThePast();

        assertRefusedAtTheHandshake("envoy-expired", envoy("envoy-expired", gatewayA, expired));
    }

    /** Watched through several of Envoy's retries: no listener, no stream, and failed TLS handshakes only. */
    private void assertRefusedAtTheHandshake(String nodeId, Envoy envoy) {
        long deadline = System.nanoTime() + REFUSED_WATCH.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(envoy.activeListeners()).isEmpty();
            assertThat(stream(nodeId)).as("no ADS stream was accepted").isNull();
            Wait.sleep(Duration.ofMillis(250));
        }
        assertThat(envoy.stat("cluster.xds_cluster.ssl.connection_error")).as("refused TLS handshakes").isPositive();
        assertThat(envoy.stat("cluster.xds_cluster.ssl.handshake")).isZero();
    }

    @Test
    void aCertificateForAnotherDataplaneIsDeniedAndGetsNothing() {
        Envoy envoy = envoy("envoy-b-with-a-cert", gatewayB, certificateFor(gatewayA));

        Wait.until("a PERMISSION_DENIED stream end", WAIT,
                () -> xds.metric("flowplane_xds_streams_refused_total", "code", "PERMISSION_DENIED") >= 1);
        long deadline = System.nanoTime() + REFUSED_WATCH.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(envoy.activeListeners()).isEmpty();
            Wait.sleep(Duration.ofMillis(250));
        }
        assertThat(stream("envoy-b-with-a-cert")).as("no stream of it stays open").isNull();
    }
}
