package io.flowplane.activities.postgres;

import static io.flowplane.activities.postgres.LivePair.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.testkit.Ports;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.Wait;
import io.flowplane.workflows.activity.FenceResult;
import io.flowplane.workflows.activity.Lsn;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.activity.ReplayResult;
import io.flowplane.workflows.failover.FailoverMode;
import io.flowplane.workflows.failover.PreflightCheck;
import io.flowplane.workflows.failover.PreflightReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fencing, final LSN and replay waiting on a real primary and streaming replica. Nothing is promoted here. */
class PostgresFencingIT {
    @RegisterExtension
    static final LivePair LIVE = new LivePair();

    private final PostgresMember primaryServer = LIVE.cluster().member("primary");
    private final PostgresMember replicaServer = LIVE.cluster().member("replica");
    private final PostgresActivities postgres = LIVE.activities();

    @AfterEach
    void unfence() {
        postgres.unfence(CLUSTER, "primary");
    }

    @Test
    void preflightSeesAPrimaryAndAStreamingReplicaOfIt() {
        MemberStatus primary = postgres.describeMember(CLUSTER, "primary");
        MemberStatus replica = postgres.describeMember(CLUSTER, "replica");

        assertThat(primary.reachablePrimary()).isTrue();
        assertThat(primary.configRevision()).isNotNull();
        assertThat(replica.reachableReplica()).isTrue();
        assertThat(replica.walReceiverStatus()).isEqualTo("streaming");
        assertThat(replica.systemIdentifier()).isEqualTo(primary.systemIdentifier());
        assertThat(replica.timeline()).isEqualTo(primary.timeline()).isEqualTo(1L);
        PreflightReport report = PreflightCheck.evaluate(CLUSTER, FailoverMode.PLANNED, "replica", List.of(primary, replica), List.of());
        assertThat(report.problems()).isEmpty();
        assertThat(report.primary()).isEqualTo("primary");
    }

    @Test
    void anUnreachableMemberIsReportedNotThrown() throws Exception {
        int closedPort = Ports.next(); // free, and handed to nobody else
        var clusters = io.flowplane.activities.config.WorkerClustersFile.parse(
                "clusters: {gone: {members: {lost: 'postgresql://postgres@127.0.0.1:" + closedPort + "/flowplane'}}}", false);

        MemberStatus status = new PostgresFailoverActivities(clusters, MemberConnector.forFailover()).describeMember("gone", "lost");

        assertThat(status.reachable()).isFalse();
        assertThat(status.error()).isNotBlank();
    }

    @Test
    void fenceMakesThePrimaryRefuseWritesAndEndsOtherSessions() throws Exception {
        try (Connection before = primaryServer.connect()) {
            insertTeam(before, "before-fence");

            FenceResult fence = postgres.fence(CLUSTER, "primary");

            assertThat(fence.alreadyFenced()).isFalse();
            assertThat(fence.terminatedSessions()).isGreaterThanOrEqualTo(1);
            assertThatThrownBy(() -> insertTeam(before, "on-a-terminated-session")).isInstanceOf(SQLException.class);
        }
        try (Connection after = primaryServer.connect()) {
            assertThatThrownBy(() -> insertTeam(after, "after-fence"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
        }
        assertThat(postgres.fence(CLUSTER, "primary").alreadyFenced()).isTrue();
        assertThat(postgres.describeMember(CLUSTER, "primary").fenced()).isTrue();

        postgres.unfence(CLUSTER, "primary");

        try (Connection unfenced = primaryServer.connect()) {
            insertTeam(unfenced, "after-unfence");
        }
    }

    @Test
    void theFinalLsnIsOnlyReadFromAFencedPrimary() {
        assertThatThrownBy(() -> postgres.finalWalLsn(CLUSTER, "primary"))
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("NotFenced");
                    assertThat(f.isNonRetryable()).isTrue();
                });

        postgres.fence(CLUSTER, "primary");

        assertThat(Lsn.parse(postgres.finalWalLsn(CLUSTER, "primary"))).isPositive();
    }

    @Test
    void awaitReplayReturnsOnceTheReplicaHasCaughtUp() throws Exception {
        String lsn;
        try (Connection c = primaryServer.connect()) {
            for (int i = 0; i < 50; i++) {
                insertTeam(c, "replayed-" + i);
            }
            lsn = query(c, "SELECT pg_current_wal_lsn()::text");
        }

        ReplayResult result = postgres.awaitReplay(CLUSTER, "replica", lsn, 60);

        assertThat(Lsn.reached(result.replayLsn(), lsn)).isTrue();
        try (Connection replica = replicaServer.connect()) {
            assertThat(query(replica, "SELECT count(*) FROM teams WHERE name LIKE 'replayed-%'")).isEqualTo("50");
        }
    }

    @Test
    void primitivesRefuseTheWrongRole() {
        assertThatThrownBy(() -> postgres.awaitReplay(CLUSTER, "primary", "0/1", 5))
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("NotReplica"));
        assertThatThrownBy(() -> postgres.fence(CLUSTER, "replica"))
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("NotPrimary"));
        assertThatThrownBy(() -> postgres.describeMember("other", "primary"))
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UnknownCluster"));
    }

    @Test
    void replicationLagIsZeroWhenCaughtUpAndTheAgeOfTheLastReplayedCommitWhenBehind() throws SQLException {
        var clusters = io.flowplane.activities.config.WorkerClustersFile.parse("""
                clusters: {it: {members: {primary: '%s', replica: '%s'}}}""".formatted(primaryServer.url(), replicaServer.url()), false);
        var metrics = new io.flowplane.activities.metrics.WorkerMetrics();
        String[] labels = {"cluster", "member"};
        try (var sampler = new io.flowplane.activities.metrics.ReplicationLagSampler(clusters, new MemberConnector(3, 5), metrics)) {
            insertTeamOnPrimaryAndAwaitReplay("lag-caught-up");
            // between samples other WAL (a checkpoint) may arrive and be replayed a moment later
            Wait.until("a caught-up replica sampled at lag 0", Duration.ofSeconds(10), () -> {
                sampler.sampleOnce();
                return Double.valueOf(0.0).equals(
                        metrics.registry().getSampleValue("pg_replication_lag_seconds", labels, new String[] {CLUSTER, "replica"}));
            });
            assertThat(metrics.registry().getSampleValue("pg_replication_lag_seconds", labels, new String[] {CLUSTER, "primary"}))
                    .as("a primary has no series").isNull();

            long beforeLastReplayedCommit = System.nanoTime();
            insertTeamOnPrimaryAndAwaitReplay("lag-last-replayed");
            long afterLastReplayedCommit = System.nanoTime();
            replicaServer.execute("SELECT pg_wal_replay_pause()");
            try {
                try (Connection c = primaryServer.connect()) {
                    insertTeam(c, "lag-received-not-replayed");
                }
                Wait.until("the replica to receive WAL it does not replay", Duration.ofSeconds(30), () -> replicaServer.queryLong(
                        "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())") > 0);
                long beforeSample = System.nanoTime();
                sampler.sampleOnce();
                long afterSample = System.nanoTime();
                // now() - the last replayed commit's time: bounded by what this test saw of both instants
                assertThat(metrics.registry().getSampleValue("pg_replication_lag_seconds", labels, new String[] {CLUSTER, "replica"}))
                        .as("behind")
                        .isGreaterThanOrEqualTo((beforeSample - afterLastReplayedCommit) / 1e9)
                        .isLessThanOrEqualTo((afterSample - beforeLastReplayedCommit) / 1e9);
            } finally {
                replicaServer.execute("SELECT pg_wal_replay_resume()");
            }
        }
    }

    private void insertTeamOnPrimaryAndAwaitReplay(String name) throws SQLException {
        try (Connection c = primaryServer.connect()) {
            insertTeam(c, name);
        }
        Wait.until(name + " replayed on the replica", Duration.ofSeconds(30),
                () -> replicaServer.queryLong("SELECT count(*) FROM teams WHERE name = '" + name + "'") == 1);
    }

    static void insertTeam(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO teams (name, id) VALUES ('" + name + "', 'team_" + name + "')");
        }
    }

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
