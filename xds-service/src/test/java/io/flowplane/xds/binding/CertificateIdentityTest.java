package io.flowplane.xds.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.xds.testing.Certificates;
import org.junit.jupiter.api.Test;

class CertificateIdentityTest {
    private static final Certificates CA = Certificates.newCa("identity-test-ca");

    @Test
    void aSpiffeUriNamesTheDataplane() {
        CertificateIdentity identity = CertificateIdentity.of(
                CA.issue("spiffe", "URI:spiffe://flowplane/dataplane/dp_a", "DNS:envoy.example.com").x509());

        assertThat(identity.matches("dp_a")).isTrue();
        assertThat(identity.matches("dp_b")).isFalse();
        assertThat(identity.restrict(NodeBinding.bound("dp_a"))).isEqualTo(NodeBinding.bound("dp_a"));
        NodeBinding refused = identity.restrict(NodeBinding.bound("dp_b"));
        assertThat(refused.isBound()).isFalse();
        assertThat(refused.unboundReason()).isEqualTo(
                "certificate identity spiffe://flowplane/dataplane/dp_a does not match dataplane dp_b");
    }

    @Test
    void aDnsNameEqualToTheDataplaneIdNamesIt() {
        CertificateIdentity identity = CertificateIdentity.of(CA.issue("dns", "DNS:dp_c").x509());

        assertThat(identity.matches("dp_c")).isTrue();
        assertThat(identity.restrict(NodeBinding.bound("dp_a")).unboundReason())
                .isEqualTo("certificate identity dp_c does not match dataplane dp_a");
    }

    @Test
    void aCertificateNamingNoDataplaneMatchesNone() {
        CertificateIdentity identity = CertificateIdentity.of(CA.issue("plain", "DNS:envoy.example.com").x509());

        assertThat(identity.restrict(NodeBinding.bound("dp_a")).isBound()).isFalse();
    }

    @Test
    void withoutACertificateNothingIsRestricted() {
        assertThat(CertificateIdentity.NONE.restrict(NodeBinding.bound("dp_a"))).isEqualTo(NodeBinding.bound("dp_a"));
        NodeBinding unbound = NodeBinding.unbound("no dataplane");
        assertThat(CertificateIdentity.of(CA.issue("any", "DNS:dp_a").x509()).restrict(unbound)).isEqualTo(unbound);
    }
}
