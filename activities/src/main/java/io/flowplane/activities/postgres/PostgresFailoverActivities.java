package io.flowplane.activities.postgres;

import io.flowplane.activities.config.ClusterConfig;
import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.support.HeartbeatingPoll;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.FenceResult;
import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.activity.PromotionResult;
import io.flowplane.workflows.activity.ReplayResult;
import io.flowplane.workflows.activity.StreamingReplicas;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link PostgresActivities} over JDBC, one short admin connection per call. */
public class PostgresFailoverActivities implements PostgresActivities {
    /** Every table a failover must not lose a row of. */
    static final List<String> TABLES = List.of("teams", "api_tokens", "dataplanes", "clusters", "route_configs", "listeners");
    private static final Duration REPLAY_POLL = Duration.ofMillis(500);

    private final WorkerClusters clusters;
    private final MemberConnector connector;
    private final Fencing fencing;

    public PostgresFailoverActivities(WorkerClusters clusters, MemberConnector connector) {
        this.clusters = clusters;
        this.connector = connector;
        this.fencing = new Fencing(connector);
    }

    @Override
    public MemberStatus describeMember(String cluster, String member) {
        DatabaseUrl url = adminUrl(cluster, member);
        try (Connection c = connector.open(url)) {
            return MemberStatusReader.read(c, member, url.describe());
        } catch (SQLException e) {
            return MemberStatus.unreachable(member, url.describe(), e.getMessage());
        }
    }

    @Override
    public FenceResult fence(String cluster, String member) {
        return onMember(cluster, member, "fencing " + member, (admin, url) -> {
            requirePrimary(admin, member, "fence");
            boolean alreadyFenced = "on".equals(Sql.string(admin, "SHOW default_transaction_read_only"));
            fencing.setFence(admin, url, true);
            int terminated = fencing.terminateOtherSessions(admin);
            return new FenceResult(member, alreadyFenced, terminated);
        });
    }

    @Override
    public void unfence(String cluster, String member) {
        onMember(cluster, member, "un-fencing " + member, (admin, url) -> {
            fencing.setFence(admin, url, false);
            return null;
        });
    }

    @Override
    public String finalWalLsn(String cluster, String member) {
        return onMember(cluster, member, "reading the WAL position of " + member, (c, url) -> {
            requirePrimary(c, member, "read the final LSN of");
            if (!"on".equals(Sql.string(c, "SHOW default_transaction_read_only"))) {
                throw ApplicationFailure.newNonRetryableFailure(
                        member + " is not fenced: its current LSN is not final", "NotFenced");
            }
            return Sql.string(c, "SELECT pg_current_wal_lsn()::text");
        });
    }

    @Override
    public ReplayResult awaitReplay(String cluster, String member, String lsn, int timeoutSeconds) {
        Lsn.parse(lsn);
        DatabaseUrl url = adminUrl(cluster, member);
        HeartbeatingPoll poll = HeartbeatingPoll.start(timeoutSeconds);
        String lastSeen = "not yet asked";
        while (true) {
            try (Connection c = connector.open(url)) {
                MemberStatus replica = MemberStatusReader.read(c, member, url.describe());
                if (!replica.inRecovery()) {
                    throw ApplicationFailure.newNonRetryableFailure(
                            member + " is not a replica (not in recovery); it cannot catch up", "NotReplica");
                }
                if (replica.replayPaused()) {
                    throw ApplicationFailure.newNonRetryableFailure(
                            "WAL replay is paused on " + member + "; run pg_wal_replay_resume() there", "ReplayPaused");
                }
                if (Lsn.reached(replica.replayLsn(), lsn)) {
                    return new ReplayResult(member, lsn, replica.replayLsn(), replica.receiveLsn());
                }
                lastSeen = "replayed " + replica.replayLsn() + ", received " + replica.receiveLsn() + ", target " + lsn;
            } catch (SQLException e) {
                lastSeen = "unreachable: " + e.getMessage();
            }
            poll.beat(lastSeen);
            if (poll.expired()) {
                throw ApplicationFailure.newNonRetryableFailure(
                        member + " did not replay " + lsn + " in time; last: " + lastSeen, "ReplicaNotCaughtUp");
            }
            poll.pause(REPLAY_POLL);
        }
    }

    @Override
    public PromotionResult promote(String cluster, String member) {
        return onMember(cluster, member, "promoting " + member, (c, url) -> {
            boolean promoted = false;
            if (Sql.bool(c, "SELECT pg_is_in_recovery()")) {
                if (!Sql.bool(c, "SELECT pg_promote(wait => true, wait_seconds => 60)")) {
                    throw ApplicationFailure.newFailure(member + " did not finish promoting within 60 s", "PromotionNotFinished");
                }
                promoted = true;
            }
            // A member fenced in an earlier role would come up as a read-only primary.
            boolean staleFence = fencing.fencedForNewSessions(url);
            if (staleFence) {
                fencing.setFence(c, url, false);
            }
            String detail = (promoted ? "promoted " + member : member + " was already primary; not promoted again")
                    + (staleFence ? "; reset a stale write fence" : "");
            return new PromotionResult(member, promoted, staleFence, detail);
        });
    }

    @Override
    public MemberStatus verifyPrimary(String cluster, String member) {
        return onMember(cluster, member, "verifying " + member, (c, url) -> {
            MemberStatus status = MemberStatusReader.read(c, member, url.describe());
            if (status.inRecovery()) {
                throw ApplicationFailure.newFailure(member + " is still in recovery", "StillInRecovery");
            }
            if (status.fenced()) {
                throw ApplicationFailure.newFailure(member + " is out of recovery but starts sessions read-only", "StillReadOnly");
            }
            return status;
        });
    }

    @Override
    public ConfigSnapshot snapshot(String cluster, String member) {
        DatabaseUrl url = adminUrl(cluster, member);
        StringBuilder query = new StringBuilder("SELECT (SELECT revision FROM config_revision WHERE id = 1)");
        TABLES.forEach(table -> query.append(", (SELECT count(*) FROM ").append(table).append(')'));
        try (Connection c = connector.open(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query.toString())) {
            rs.next();
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < TABLES.size(); i++) {
                counts.put(TABLES.get(i), rs.getLong(i + 2));
            }
            return new ConfigSnapshot(member, rs.getLong(1), counts);
        } catch (SQLException e) {
            throw SqlFailures.of("reading revision and counts on " + member, e);
        }
    }

    @Override
    public String setSynchronousStandbys(String cluster, String member, List<String> standbys) {
        String value = Replication.synchronousStandbyNames(standbys);
        return onMember(cluster, member, "setting synchronous_standby_names on " + member, (c, url) -> {
            Sql.alterSystem(c, "synchronous_standby_names", value);
            return value;
        });
    }

    @Override
    public void followPrimary(String cluster, String member, String primary) {
        String conninfo = Replication.primaryConninfo(adminUrl(cluster, primary), member);
        onMember(cluster, member, "pointing " + member + " at " + primary, (c, url) -> {
            if (!Sql.bool(c, "SELECT pg_is_in_recovery()")) {
                throw ApplicationFailure.newNonRetryableFailure(member + " is out of recovery: a primary follows no one", "NotReplica");
            }
            // PostgreSQL 13 and later restart the WAL receiver on reload, with no server restart.
            Sql.alterSystem(c, "primary_conninfo", conninfo);
            return null;
        });
    }

    @Override
    public StreamingReplicas awaitStreaming(String cluster, String primary, List<String> replicas, int timeoutSeconds) {
        DatabaseUrl url = adminUrl(cluster, primary);
        HeartbeatingPoll poll = HeartbeatingPoll.start(timeoutSeconds);
        while (true) {
            String lastSeen;
            try (Connection c = connector.open(url)) {
                Map<String, String> streaming = Replication.streaming(c);
                List<String> missing = replicas.stream().filter(r -> !streaming.containsKey(r)).toList();
                if (missing.isEmpty() || poll.expired()) {
                    Map<String, String> asked = new LinkedHashMap<>();
                    replicas.stream().filter(streaming::containsKey).forEach(r -> asked.put(r, streaming.get(r)));
                    return new StreamingReplicas(primary, MemberStatusReader.read(c, primary, url.describe()).timeline(), asked, missing);
                }
                lastSeen = "streaming from " + primary + ": " + streaming.keySet() + "; waiting for " + missing;
            } catch (SQLException e) {
                if (poll.expired()) {
                    return new StreamingReplicas(primary, null, Map.of(), replicas);
                }
                lastSeen = primary + " unreachable: " + e.getMessage();
            }
            poll.beat(lastSeen);
            poll.pause(REPLAY_POLL);
        }
    }

    /** What one call does on one member's admin connection. */
    @FunctionalInterface
    private interface MemberWork<T> {
        T on(Connection connection, DatabaseUrl url) throws SQLException;
    }

    /** Runs {@code work} on a short admin connection to the member; a SQL failure fails "{@code doing}". */
    private <T> T onMember(String cluster, String member, String doing, MemberWork<T> work) {
        DatabaseUrl url = adminUrl(cluster, member);
        try (Connection connection = connector.open(url)) {
            return work.on(connection, url);
        } catch (SQLException e) {
            throw SqlFailures.of(doing, e);
        }
    }

    private DatabaseUrl adminUrl(String cluster, String member) {
        ClusterConfig config = clusters.cluster(cluster);
        return config.adminUrl(member);
    }

    private static void requirePrimary(Connection c, String member, String action) throws SQLException {
        if (Sql.bool(c, "SELECT pg_is_in_recovery()")) {
            throw ApplicationFailure.newNonRetryableFailure("cannot " + action + " " + member + ": it is a replica", "NotPrimary");
        }
    }
}
