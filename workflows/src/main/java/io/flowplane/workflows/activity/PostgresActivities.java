package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;

/**
 * The PostgreSQL primitives of a failover, each run over the admin URL the worker's configuration gives
 * for {@code (cluster, member)}. Every method is idempotent.
 */
@ActivityInterface(namePrefix = "Postgres")
public interface PostgresActivities {
    /** Never fails for an unreachable member: reports {@code reachable=false} instead. */
    MemberStatus describeMember(String cluster, String member);

    /**
     * Makes a primary refuse writes: default_transaction_read_only=on for new sessions, then ends every
     * other client session of the database. Non-retryable {@code NotPrimary} on a replica.
     */
    FenceResult fence(String cluster, String member);

    /** Undoes {@link #fence}. */
    void unfence(String cluster, String member);

    /** pg_current_wal_lsn() of a fenced primary. Non-retryable {@code NotFenced} or {@code NotPrimary}. */
    String finalWalLsn(String cluster, String member);

    /**
     * Waits, heartbeating, until the replica's pg_last_wal_replay_lsn() >= {@code lsn}. Non-retryable
     * {@code NotReplica}, {@code ReplayPaused}, or {@code ReplicaNotCaughtUp} after {@code timeoutSeconds}.
     */
    ReplayResult awaitReplay(String cluster, String member, String lsn, int timeoutSeconds);

    /** pg_promote(wait => true, wait_seconds => 60), unless the member is already out of recovery. */
    PromotionResult promote(String cluster, String member);

    /** Succeeds once the member is out of recovery and takes writes; retryable failure until then. */
    MemberStatus verifyPrimary(String cluster, String member);

    /** Non-retryable {@code SchemaMissing} when the member holds no Flowplane schema. */
    ConfigSnapshot snapshot(String cluster, String member);
}
