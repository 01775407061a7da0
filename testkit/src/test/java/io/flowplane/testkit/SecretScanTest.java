package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScanTest {
    private static final String PASSWORD = "s3cret-database-password";

    @Test
    void aSecretInALogFailsNamingTheSecretAndTheFileButNotTheValue(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("api-service.log"), "INFO started\nWARN connecting to postgresql://u:"
                + PASSWORD + "@db:5432/flowplane\n");
        SecretScan scan = new SecretScan().secret("the database password", PASSWORD).file(log);

        assertThatThrownBy(scan::assertNoSecretAppears)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the database password in " + log)
                .hasMessageContaining("postgresql://u:<the database password>@db")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void everyPlaceASecretAppearsIsListed() {
        SecretScan scan = new SecretScan().secret("the admin token", "admin-token-123")
                .text("body 1", "{\"token\": \"admin-token-123\"}")
                .text("body 2", "nothing here")
                .text("metrics", "flowplane_x{token=\"admin-token-123\"} 1");

        assertThatThrownBy(scan::assertNoSecretAppears)
                .hasMessageContaining("in body 1")
                .hasMessageContaining("in metrics")
                .hasMessageNotContaining("in body 2");
    }

    @Test
    void textsWithoutSecretsPass() {
        SecretScan scan = new SecretScan().secret("the database password", PASSWORD).text("log", "postgresql://u:****@db");

        assertThatCode(scan::assertNoSecretAppears).doesNotThrowAnyException();
    }

    @Test
    void searchingNothingIsAnErrorNotAPass() {
        SecretScan scan = new SecretScan().secret("the database password", PASSWORD);

        assertThatThrownBy(scan::assertNoSecretAppears).hasMessageContaining("nothing to search");
    }

    @Test
    void aShortSecretIsRefusedSinceItWouldMatchByChance() {
        assertThatThrownBy(() -> new SecretScan().secret("a pin", "1234")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a pin");
    }
}
