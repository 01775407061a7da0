package io.flowplane.xds.source;

import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.core.store.ConfigChangeStore;
import io.flowplane.core.store.RevisionStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the configuration: the cheap revision check, the full consistent read, what changed since a
 * revision, and when a revision was committed.
 */
public interface FleetReader {
    long currentRevision();

    /** Everything at one revision, route configurations with their full route specs. */
    DetailedFleet loadFleet();

    /** The commit time of {@code revision}; empty when unknown or when the row has moved past it. */
    default Optional<Instant> committedAt(long revision) {
        return Optional.empty();
    }

    /** What changed after {@code revision}; empty when only a whole-fleet read can tell (see {@link ConfigChangeStore}). */
    default Optional<FleetChanges> changesSince(long revision) {
        return Optional.empty();
    }

    static FleetReader of(Jdbi jdbi) {
        RevisionStore store = new RevisionStore(jdbi);
        RevisionCommitTimes commitTimes = new RevisionCommitTimes(jdbi);
        ConfigChangeStore changes = new ConfigChangeStore(jdbi);
        return new FleetReader() {
            @Override
            public long currentRevision() {
                return store.current();
            }

            @Override
            public DetailedFleet loadFleet() {
                return store.loadDetailedFleet();
            }

            @Override
            public Optional<Instant> committedAt(long revision) {
                return commitTimes.committedAt(revision);
            }

            @Override
            public Optional<FleetChanges> changesSince(long revision) {
                return changes.since(revision);
            }
        };
    }
}
