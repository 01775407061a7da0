package io.flowplane.core.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

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
        this(stateDirectory, "database-url", environmentUrl);
    }

    /** @param fileName the state file's name, {@code database-read-url} for a process's read URL */
    public DatabaseTarget(Path stateDirectory, String fileName, String environmentUrl) {
        this.stateFile = stateDirectory.resolve(fileName);
        this.environmentUrl = environmentUrl;
    }

    /** The state file's URL, else the environment's; empty when neither gives one (an optional URL). */
    public Optional<DatabaseUrl> configuredUrl() {
        if (source() == Source.STATE_FILE) {
            return Optional.of(DatabaseUrl.parse(read()));
        }
        return environmentUrl == null || environmentUrl.isBlank() ? Optional.empty() : Optional.of(DatabaseUrl.parse(environmentUrl));
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
