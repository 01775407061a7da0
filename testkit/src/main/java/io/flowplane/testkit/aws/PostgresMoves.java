package io.flowplane.testkit.aws;

import io.flowplane.testkit.Wait;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** What the RDS double does to the real PostgreSQL servers behind its clusters, recorded as events. */
final class PostgresMoves {
    private final List<String> events;

    PostgresMoves(List<String> events) {
        this.events = events;
    }

    /** Makes the writer read-only and ends its sessions; returns the last WAL position it can have written. */
    String fence(AuroraClusterDouble writer) {
        writer.postgres.execute("ALTER SYSTEM SET default_transaction_read_only = on");
        writer.postgres.execute("SELECT pg_reload_conf()");
        writer.postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
        long lsn = writer.postgres.queryLong("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
        events.add("fenced " + writer.id);
        return Long.toString(lsn);
    }

    void fenceIfReachable(AuroraClusterDouble writer) {
        try {
            fence(writer);
        } catch (RuntimeException unreachable) {
            events.add("could not fence " + writer.id + " (unreachable)");
        }
    }

    void awaitReplay(AuroraClusterDouble secondary, String finalLsnBytes) {
        Wait.until(secondary.id + " to replay up to byte " + finalLsnBytes, Duration.ofSeconds(120), () ->
                secondary.postgres.queryLong("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")
                        >= Long.parseLong(finalLsnBytes));
        events.add("caught up " + secondary.id);
    }

    void promote(AuroraClusterDouble secondary) {
        secondary.postgres.promote();
        events.add("promoted " + secondary.id);
    }

    /** Rebuilds a former writer (or another secondary) as a streaming replica of the new writer. */
    void rejoin(AuroraClusterDouble member, AuroraClusterDouble writer) {
        try {
            member.postgres.rejoinAsReplicaOf(writer.postgres);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rejoin " + member.id + ": " + e.getMessage(), e);
        }
        events.add("rejoined " + member.id + " as a replica of " + writer.id);
    }
}
