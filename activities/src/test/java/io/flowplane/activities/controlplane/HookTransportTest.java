package io.flowplane.activities.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.flowplane.core.controlplane.AdminTls;
import io.flowplane.testkit.Certificates;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The worker's side of TLS to the hooks, against a real HTTPS server with a certificate from a throw-away CA. */
class HookTransportTest {
    @Test
    void plainHttpIsOnlyForLoopback() {
        assertThat(HookTransport.inClear(List.of("http://127.0.0.1:8091", "http://localhost:8091", "http://[::1]:8091",
                "https://xds-eu.internal:8091", "http://xds-us.internal:8091", "http://10.0.0.7:8091")))
                .containsExactly("http://xds-us.internal:8091", "http://10.0.0.7:8091");
    }

    @Test
    void theWorkerVerifiesTheHookCertificateAgainstItsCa() throws Exception {
        Certificates ca = Certificates.newCa("hooks-ca");
        Certificates.Leaf server = ca.issue("xds-admin", "IP:127.0.0.1", "DNS:localhost");
        char[] password = "test-password".toCharArray();
        Path store = AdminTls.keyStore(server.cert(), server.key(), password);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer hooks = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        hooks.createContext("/control-plane/status", exchange -> {
            byte[] body = """
                    {"service": "xds-service", "database": "127.0.0.1:5432/flowplane", "healthy": true}"""
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        hooks.start();
        try {
            String url = "https://127.0.0.1:" + hooks.getAddress().getPort();
            ControlPlaneClient trusting = new ControlPlaneClient("token",
                    HookTransport.tls(Map.of(AdminTls.CA_PATH, ca.caCert.toString())));
            assertThat(trusting.status(url).service()).isEqualTo("xds-service");

            Certificates other = Certificates.newCa("another-ca");
            ControlPlaneClient wrongCa = new ControlPlaneClient("token",
                    HookTransport.tls(Map.of(AdminTls.CA_PATH, other.caCert.toString())));
            assertThatThrownBy(() -> wrongCa.status(url)).isInstanceOf(SSLHandshakeException.class);
        } finally {
            hooks.stop(0);
        }
    }
}
