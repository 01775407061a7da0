package io.flowplane.activities.postgres;

import io.flowplane.workflows.activity.MemberStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads what a failover needs to know about one member, primary or replica, in one statement. */
final class MemberStatusReader {
    // Functions that fail during recovery (pg_current_wal_lsn, pg_walfile_name) sit behind CASE.
    private static final String STATUS = """
            SELECT pg_is_in_recovery(),
                   (SELECT system_identifier FROM pg_control_system())::text,
                   current_setting('server_version_num')::int,
                   current_setting('server_version'),
                   current_setting('default_transaction_read_only') = 'on',
                   CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END,
                   pg_last_wal_receive_lsn()::text,
                   pg_last_wal_replay_lsn()::text,
                   CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
                   CASE WHEN NOT pg_is_in_recovery() THEN NULL
                        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0::float8
                        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END,
                   CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END,
                   (SELECT status FROM pg_stat_wal_receiver),
                   CASE WHEN pg_is_in_recovery()
                        THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver)::bigint,
                                      (SELECT timeline_id FROM pg_control_checkpoint())::bigint)
                        ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint END,
                   to_regclass('config_revision') IS NOT NULL""";

    private MemberStatusReader() {}

    static MemberStatus read(Connection connection, String member, String database) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(STATUS)) {
            rs.next();
            boolean hasSchema = rs.getBoolean(14);
            return new MemberStatus(member, database, true, null,
                    rs.getBoolean(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                    rs.getObject(13) == null ? null : rs.getLong(13),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9),
                    (Double) rs.getObject(10), (Double) rs.getObject(11), rs.getString(12), rs.getBoolean(5),
                    hasSchema ? revision(connection) : null);
        }
    }

    private static Long revision(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT revision FROM config_revision WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }
}
