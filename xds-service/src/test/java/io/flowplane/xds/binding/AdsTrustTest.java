package io.flowplane.xds.binding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdsTrustTest {
    @Test
    void mutualTlsWithCredentialsRequiredWarnsOfNothing() {
        assertThat(AdsTrust.startupWarnings(true, true, false, 50051)).isEmpty();
    }

    @Test
    void plainTextSaysCredentialsCrossInClearAndHowToTurnOnMtls() {
        assertThat(AdsTrust.startupWarnings(false, false, false, 50051)).singleElement().asString()
                .contains("port 50051 is plain text", "in clear", "FLOWPLANE_XDS_TLS_REQUIRE_CLIENT_CERT=true");
    }

    @Test
    void tlsWithoutClientCertificatesSaysTheNodeMetadataIsTrustedWithinTheCredential() {
        assertThat(AdsTrust.startupWarnings(true, false, false, 50051)).singleElement().asString()
                .contains("does not require client certificates", "node metadata is trusted");
    }

    @Test
    void theOptOutIsWarnedBesideTheTransport() {
        assertThat(AdsTrust.startupWarnings(false, false, true, 50051)).hasSize(2).first().asString()
                .contains("allowUnauthenticatedDataplanes", "any team's listeners");
    }
}
