package io.flowplane.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokenTest {
    @Test
    void unsetMeansTheHooksAreOff() {
        assertThat(AdminToken.checked(null)).isNull();
        assertThat(AdminToken.checked("  ")).isNull();
    }

    @Test
    void aLongRandomTokenIsKept() {
        String token = "3f9a1c7e5b2d4068a1b3c5d7e9f01234";
        assertThat(AdminToken.checked(token)).isEqualTo(token);
    }

    @Test
    void aShortTokenIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> AdminToken.checked("s3cret-but-short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLOWPLANE_ADMIN_TOKEN is 16 characters long; it must be at least 32");
    }

    @Test
    void theKubernetesPlaceholderAndOtherPlaceholdersAreRefused() {
        for (String placeholder : new String[] {"CHANGE-ME-long-random", "CHANGE-ME-long-random-0123456789abcdef",
                "please-replace-me-with-a-real-token-0000", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) {
            assertThatThrownBy(() -> AdminToken.checked(placeholder))
                    .as(placeholder).hasMessageContaining("FLOWPLANE_ADMIN_TOKEN is a placeholder");
        }
        assertThatThrownBy(() -> AdminToken.checked("a".repeat(20) + "b".repeat(20)))
                .hasMessageContaining("FLOWPLANE_ADMIN_TOKEN repeats too few characters");
    }
}
