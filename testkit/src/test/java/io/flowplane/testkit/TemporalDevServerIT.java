package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A private Temporal dev server keeps what it was told across a crash and restart, on its file. */
class TemporalDevServerIT {
    @TempDir
    Path dir;

    @Test
    void aNamespaceCreatedBeforeACrashIsThereAfterTheRestart() {
        Path file = dir.resolve("temporal.db");
        try (TemporalDevServer temporal = TemporalDevServer.start(file)) {
            cli(temporal, "operator", "namespace", "create", "--namespace", "kit-restart");

            temporal.kill();
            assertThat(temporal.isServing()).isFalse();
            temporal.restart();

            assertThat(cli(temporal, "operator", "namespace", "describe", "--namespace", "kit-restart")).contains("kit-restart");
            assertThatThrownBy(() -> cli(temporal, "operator", "namespace", "describe", "--namespace", "never-created"))
                    .as("describe fails for what the server does not have").isInstanceOf(IllegalStateException.class);
            assertThat(Files.exists(file)).isTrue();
        }
    }

    private static String cli(TemporalDevServer temporal, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(TestStack.temporalBinary().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--address", temporal.address()));
        return Commands.run(command);
    }
}
