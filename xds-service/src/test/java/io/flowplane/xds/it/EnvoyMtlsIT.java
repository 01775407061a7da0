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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ADS over mutual TLS with real Envoys; client certificates name the dataplane they may receive. */
class EnvoyMtlsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a refused Envoy is watched: it retries every few seconds, so this covers several attempts. */
    private static final Duration REFUSED_WATCH = Duration.ofSeconds(6);

    private StoreDatabase db;
    private XdsServer xds;
    private final List<Envoy> envoys = new ArrayList<>();
    private Certificates certificates;
    private Gateway gatewayA;
    private Gateway gatewayB;

    @BeforeEach
    void start() {
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
    void stop() {
        envoys.forEach(Envoy::close);
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

    private Certificates.Leaf certificateFor(Gateway gateway) {
        return certificates.issue("envoy-" + gateway.dataplane().name(),
                "URI:" + CertificateIdentity.SPIFFE_PREFIX + gateway.dataplane().id());
    }

    private JsonNode stream(String nodeId) {
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
        Envoy envoy = envoy("envoy-no-cert", gatewayA, null);

        long deadline = System.nanoTime() + REFUSED_WATCH.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(envoy.activeListeners()).isEmpty();
            assertThat(stream("envoy-no-cert")).as("no ADS stream was accepted").isNull();
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
