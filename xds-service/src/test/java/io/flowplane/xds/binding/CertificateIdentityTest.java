package io.flowplane.xds.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.testkit.Certificates;
import org.junit.jupiter.api.Test;

class CertificateIdentityTest {
    private static final Certificates CA = Certificates.newCa("identity-test-ca");

    @Test
    void aSpiffeUriNamesTheDataplane() {
        CertificateIdentity identity = CertificateIdentity.of(
                CA.issue("spiffe", "URI:spiffe://flowplane/dataplane/dp_a", "DNS:envoy.example.com").x509());

        assertThat(identity.matches("dp_a")).isTrue();
        assertThat(identity.matches("dp_b")).isFalse();
        assertThat(identity.describe()).isEqualTo("spiffe://flowplane/dataplane/dp_a");
    }

    @Test
    void aDnsNameEqualToTheDataplaneIdNamesIt() {
        CertificateIdentity identity = CertificateIdentity.of(CA.issue("dns", "DNS:dp_c").x509());

        assertThat(identity.matches("dp_c")).isTrue();
        assertThat(identity.matches("dp_a")).isFalse();
    }

    @Test
    void aCertificateNamingNoDataplaneMatchesNone() {
        CertificateIdentity identity = CertificateIdentity.of(CA.issue("plain", "DNS:envoy.example.com").x509());

        assertThat(identity.present()).isTrue();
        assertThat(identity.matches("dp_a")).isFalse();
        assertThat(CertificateIdentity.NONE.present()).isFalse();
    }
}
