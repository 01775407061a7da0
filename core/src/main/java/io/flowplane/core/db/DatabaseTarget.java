package io.flowplane.core.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Which database a control-plane process uses. A URL set through the control-plane hook is kept
 * in {@code <state dir>/database-url} and wins over FLOWPLANE_DATABASE_URL at the next start, so a
 * failover survives restarts. Deleting the file returns the process to its environment's URL.
 */
public final class DatabaseTarget {
    public enum Source { ENVIRONMENT, STATE_FILE }

    private final Path stateFile;
    private final String environmentUrl;

    public DatabaseTarget(Path stateDirectory, String environmentUrl) {
        this.stateFile = stateDirectory.resolve("database-url");
        this.environmentUrl = environmentUrl;
    }

    public Source source() {
        return Files.isRegularFile(stateFile) ? Source.STATE_FILE : Source.ENVIRONMENT;
    }

    public DatabaseUrl effectiveUrl() {
        return DatabaseUrl.parse(source() == Source.STATE_FILE ? read() : environmentUrl);
    }

    /** Writes the URL atomically, readable by the owner only: it carries a password. */
    public void persist(String url) {
        DatabaseUrl.parse(url);
        try {
            Files.createDirectories(stateFile.getParent());
            Path temporary = Files.createTempFile(stateFile.getParent(), "database-url", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, url.trim() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile, e);
        }
    }

    public Path stateFile() {
        return stateFile;
    }

    private String read() {
        try {
            return Files.readString(stateFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stateFile, e);
        }
    }
}
