package io.flowplane.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void theGuidesLibpqUrlBecomesAJdbcUrlWithCredentialsApart() {
        DatabaseUrl url = DatabaseUrl.parse(
                "postgresql://flowplane:pass@primary.postgres.example.com:5432/flowplane?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://primary.postgres.example.com:5432/flowplane?sslmode=require");
        assertThat(url.user()).isEqualTo("flowplane");
        assertThat(url.password()).isEqualTo("pass");
        assertThat(url.describe()).isEqualTo("primary.postgres.example.com:5432/flowplane").doesNotContain("pass");
    }

    @Test
    void percentEncodedPasswordsAreDecodedAndPortDefaultsTo5432() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://admin:p%40ss%3Aword@db.internal/flowplane");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.port()).isEqualTo(5432);
    }

    @Test
    void jdbcUrlsKeepTheirParametersAndGiveUpCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h:6543/db?user=u&password=secret&sslmode=disable");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6543/db?sslmode=disable");
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).isEqualTo("secret");
    }

    @Test
    void badUrlsAreRefusedWithAReasonAndNoPassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:secret@h/db"))
                .hasMessageContaining("postgresql://").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:secret@h:5432/"))
                .hasMessageContaining("no database").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("")).hasMessageContaining("FLOWPLANE_DATABASE_URL");
    }

    @Test
    void redactionHidesThePasswordWithOrWithoutAUserName() {
        assertThat(DatabaseUrl.redact("postgresql://u:secret@h:5432/db")).isEqualTo("postgresql://u:****@h:5432/db");
        assertThat(DatabaseUrl.redact("postgresql://:secret@h:5432/db")).isEqualTo("postgresql://:****@h:5432/db");
        assertThat(DatabaseUrl.redact("postgresql://h:5432/db?user=u&password=secret"))
                .isEqualTo("postgresql://h:5432/db?user=u&password=****");
        assertThat(DatabaseUrl.redact("postgresql://h:5432/db")).isEqualTo("postgresql://h:5432/db");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://:secret@h:5432/"))
                .hasMessageContaining("no database").hasMessageNotContaining("secret");
    }
}
