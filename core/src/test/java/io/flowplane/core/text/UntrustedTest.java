package io.flowplane.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {
    @Test
    void controlCharactersSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(Untrusted.escape("envoy-1\nINFO forged line\r\t\u0000\u001b[31m"))
                .isEqualTo("envoy-1\\nINFO forged line\\r\\t\\u0000\\u001b[31m");
        assertThat(Untrusted.escape("a\u2028b\u202ec\u2066d")).isEqualTo("a\\u2028b\\u202ec\\u2066d");
        assertThat(Untrusted.escape("plain-node_1.eu")).isEqualTo("plain-node_1.eu");
    }

    @Test
    void quotingCutsLongValuesAndSaysHowLongTheyWere() {
        assertThat(Untrusted.quote("abc", 10)).isEqualTo("'abc'");
        assertThat(Untrusted.quote("x".repeat(12), 10)).isEqualTo("'xxxxxxxxxx...' (12 characters)");
        assertThat(Untrusted.quote("a\nb", 10)).isEqualTo("'a\\nb'");
        assertThat(Untrusted.quote(null, 10)).isEqualTo("null");
    }
}
