package io.flowplane.workflows.activity;

import io.temporal.activity.ActivityInterface;
import java.util.List;

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

    /**
     * {@code ALTER SYSTEM SET synchronous_standby_names} to {@code FIRST n (standbys)}, or to '' when there are none, and
     * reloads. On a replica it takes effect once it is promoted, so a new primary waits for no standby it does not have.
     * Returns the setting as written.
     */
    String setSynchronousStandbys(String cluster, String member, List<String> standbys);

    /**
     * Makes a replica stream from {@code primary}: its primary_conninfo becomes the primary's admin host, port and
     * login, with application_name {@code member}, and is reloaded; the replica follows the latest timeline.
     * Non-retryable {@code NotReplica} on a member out of recovery.
     */
    void followPrimary(String cluster, String member, String primary);

    /**
     * Polls the primary's pg_stat_replication, heartbeating, until each of {@code replicas} streams from it, or
     * {@code timeoutSeconds} pass; never fails for replicas that did not come: it reports them in {@code missing}.
     */
    StreamingReplicas awaitStreaming(String cluster, String primary, List<String> replicas, int timeoutSeconds);
}
