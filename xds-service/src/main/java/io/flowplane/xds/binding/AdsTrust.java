package io.flowplane.xds.binding;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stream's node metadata is trusted for under the ADS port's settings, said as warnings once at start:
 * operators read it where they read everything else about a deployment, and docs/security.md says the same.
 */
public final class AdsTrust {
    private AdsTrust() {}

    public static List<String> startupWarnings(boolean tls, boolean clientCertificatesRequired,
            boolean allowUnauthenticated, int port) {
        List<String> warnings = new ArrayList<>();
        if (allowUnauthenticated) {
            warnings.add("xds.allowUnauthenticatedDataplanes is on: an ADS stream without a dataplane credential or a "
                    + "client certificate is served whatever dataplane its node metadata or node cluster claims, "
                    + "so anyone who reaches port " + port + " can read any team's listeners, routes and endpoints");
        }
        if (!tls) {
            warnings.add("ADS on port " + port + " is plain text: dataplane credentials cross the network in clear, "
                    + "and whoever copies one is served that dataplane whatever its node metadata says; set "
                    + "FLOWPLANE_XDS_TLS_CERT_PATH and FLOWPLANE_XDS_TLS_KEY_PATH, and for mTLS "
                    + "FLOWPLANE_XDS_TLS_CLIENT_CA_PATH with FLOWPLANE_XDS_TLS_REQUIRE_CLIENT_CERT=true");
        } else if (!clientCertificatesRequired) {
            warnings.add("ADS on port " + port + " does not require client certificates: a stream's dataplane is "
                    + "proved by its credential alone, and its node metadata is trusted to pick among that "
                    + "dataplane's node clusters; set FLOWPLANE_XDS_TLS_REQUIRE_CLIENT_CERT=true for mTLS");
        }
        return warnings;
    }
}
