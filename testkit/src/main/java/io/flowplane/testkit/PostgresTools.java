package io.flowplane.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's command-line tools from FLOWPLANE_TEST_PG_BIN. PostgreSQL refuses to run as root, so
 * as root every command runs as the postgres user.
 */
final class PostgresTools {
    private final Path bin;
    private final boolean asPostgresUser;

    PostgresTools(Path bin) {
        this.bin = bin;
        this.asPostgresUser = ProcessHandle.current().info().user().map("root"::equals).orElse(false);
    }

    boolean asPostgresUser() {
        return asPostgresUser;
    }

    String tool(String name) {
        return bin.resolve(name).toString();
    }

    String pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(tool("pg_ctl")));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs a PostgreSQL tool (as the postgres user when we are root) and fails with its output if it fails. */
    String run(String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return Commands.run(full);
    }
}
