package io.flowplane.workflows.activity;

/**
 * One PostgreSQL member as seen over its admin connection. LSNs are PostgreSQL's text form ("16/B374D848").
 *
 * @param reachable          false when the worker could not connect; then only {@code error} is meaningful
 * @param currentLsn         primary only: pg_current_wal_lsn()
 * @param receiveLsn         replica only: pg_last_wal_receive_lsn()
 * @param replayLsn          replica only: pg_last_wal_replay_lsn()
 * @param replayLagSeconds   replica only: 0 when everything received is replayed, else now() - pg_last_xact_replay_timestamp()
 * @param lastReplayAgeSeconds replica only: now() - pg_last_xact_replay_timestamp(), raw (grows while the primary is idle)
 * @param walReceiverStatus  replica only: pg_stat_wal_receiver.status ("streaming" when attached to a primary)
 * @param timeline           the timeline the member writes (primary) or receives (replica)
 * @param fenced             default_transaction_read_only is on
 * @param configRevision     Flowplane's config_revision, null when the schema is missing
 */
public record MemberStatus(
        String member,
        String database,
        boolean reachable,
        String error,
        boolean inRecovery,
        String systemIdentifier,
        int serverVersionNum,
        String serverVersion,
        Long timeline,
        String currentLsn,
        String receiveLsn,
        String replayLsn,
        boolean replayPaused,
        Double replayLagSeconds,
        Double lastReplayAgeSeconds,
        String walReceiverStatus,
        boolean fenced,
        Long configRevision) {

    public static MemberStatus unreachable(String member, String database, String error) {
        return new MemberStatus(member, database, false, error, false, null, 0, null, null, null, null, null,
                false, null, null, null, false, null);
    }

    public boolean reachablePrimary() {
        return reachable && !inRecovery;
    }

    public boolean reachableReplica() {
        return reachable && inRecovery;
    }

    public int majorVersion() {
        return serverVersionNum / 10000;
    }
}
