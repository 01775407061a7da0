package io.flowplane.xds;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * TLS for the ADS port, from FLOWPLANE_XDS_TLS_CERT_PATH, _KEY_PATH, _CLIENT_CA_PATH and
 * _REQUIRE_CLIENT_CERT. Plaintext when no certificate is set.
 */
public class TlsSettings {
    private String certPath;
    private String keyPath;
    private String clientCaPath;
    private boolean requireClientCert;

    public boolean enabled() {
        return !isBlank(certPath) || !isBlank(keyPath);
    }

    /** Rejects half-configured TLS at start rather than silently serving plaintext. */
    public void check() {
        if (enabled() && (isBlank(certPath) || isBlank(keyPath))) {
            throw new IllegalArgumentException(
                    "FLOWPLANE_XDS_TLS_CERT_PATH and FLOWPLANE_XDS_TLS_KEY_PATH must be set together");
        }
        if (!enabled() && (!isBlank(clientCaPath) || requireClientCert)) {
            throw new IllegalArgumentException("FLOWPLANE_XDS_TLS_CLIENT_CA_PATH and FLOWPLANE_XDS_TLS_REQUIRE_CLIENT_CERT"
                    + " need FLOWPLANE_XDS_TLS_CERT_PATH and FLOWPLANE_XDS_TLS_KEY_PATH");
        }
        if (requireClientCert && isBlank(clientCaPath)) {
            throw new IllegalArgumentException(
                    "FLOWPLANE_XDS_TLS_REQUIRE_CLIENT_CERT=true needs FLOWPLANE_XDS_TLS_CLIENT_CA_PATH");
        }
    }

    @JsonProperty
    public String getCertPath() {
        return certPath;
    }

    @JsonProperty
    public void setCertPath(String certPath) {
        this.certPath = certPath;
    }

    @JsonProperty
    public String getKeyPath() {
        return keyPath;
    }

    @JsonProperty
    public void setKeyPath(String keyPath) {
        this.keyPath = keyPath;
    }

    @JsonProperty
    public String getClientCaPath() {
        return clientCaPath;
    }

    @JsonProperty
    public void setClientCaPath(String clientCaPath) {
        this.clientCaPath = clientCaPath;
    }

    @JsonProperty
    public boolean isRequireClientCert() {
        return requireClientCert;
    }

    @JsonProperty
    public void setRequireClientCert(boolean requireClientCert) {
        this.requireClientCert = requireClientCert;
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
