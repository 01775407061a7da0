package io.flowplane.core.controlplane;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import io.flowplane.core.model.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * With {@value AdminTls#CERT_PATH} and {@value AdminTls#KEY_PATH} (PEM; the key PKCS#8), every admin connector
 * of api-service and xds-service serves HTTPS instead of HTTP, on the same address and port. Called from the
 * application's run, before Dropwizard builds the server.
 */
public final class AdminConnectors {
    private AdminConnectors() {}

    /** Turns the admin connectors into HTTPS when the environment names a certificate; false when it does not. */
    public static boolean apply(ServerFactory server, Map<String, String> env) {
        String cert = blankToNull(env.get(AdminTls.CERT_PATH));
        String key = blankToNull(env.get(AdminTls.KEY_PATH));
        if (cert == null && key == null) {
            return false;
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException(AdminTls.CERT_PATH + " and " + AdminTls.KEY_PATH + " go together: set both for TLS on "
                    + "the admin port, or neither");
        }
        if (!(server instanceof DefaultServerFactory factory)) {
            throw new IllegalArgumentException("TLS on the admin port needs server type 'default' (separate admin "
                    + "connectors), as in deploy/config");
        }
        String password = Secrets.random("");
        Path store = AdminTls.keyStore(Path.of(cert), Path.of(key), password.toCharArray());
        List<ConnectorFactory> https = new ArrayList<>();
        for (ConnectorFactory connector : factory.getAdminConnectors()) {
            if (!(connector instanceof HttpConnectorFactory http)) {
                throw new IllegalArgumentException("admin connectors must be of type http to be turned into https");
            }
            HttpsConnectorFactory tls = new HttpsConnectorFactory();
            tls.setPort(http.getPort());
            tls.setBindHost(http.getBindHost());
            tls.setKeyStorePath(store.toString());
            tls.setKeyStorePassword(password);
            tls.setKeyStoreType("PKCS12");
            https.add(tls);
        }
        factory.setAdminConnectors(https);
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
