package io.flowplane.xds.source;

import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.store.RevisionStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads the configuration: the cheap revision check, the full consistent read, and when a revision was committed. */
public interface FleetReader {
    long currentRevision();

    /** Everything at one revision, route configurations with their full route specs. */
    DetailedFleet loadFleet();

    /** The commit time of {@code revision}; empty when unknown or when the row has moved past it. */
    default Optional<Instant> committedAt(long revision) {
        return Optional.empty();
    }

    static FleetReader of(Jdbi jdbi) {
        RevisionStore store = new RevisionStore(jdbi);
        RevisionCommitTimes commitTimes = new RevisionCommitTimes(jdbi);
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
        };
    }
}
