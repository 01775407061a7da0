package io.flowplane.xds.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reads {@code config_revision.updated_at}: when the current revision was committed. */
public final class RevisionCommitTimes {
    private final Jdbi jdbi;

    public RevisionCommitTimes(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Empty when the revision is no longer the current one: its commit time is gone. */
    public Optional<Instant> committedAt(long revision) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT updated_at FROM config_revision WHERE id = 1 AND revision = :revision")
                .bind("revision", revision)
                .mapTo(OffsetDateTime.class)
                .findOne()
                .map(OffsetDateTime::toInstant));
    }
}
