package io.flowplane.activities.postgres;

import static io.flowplane.activities.postgres.LivePair.CLUSTER;
import static io.flowplane.activities.postgres.PostgresFencingIT.insertTeam;
import static io.flowplane.activities.postgres.PostgresFencingIT.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.Wait;
import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.activity.PromotionResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The planned failover's database steps, in order, on a real pair, while a client keeps writing. */
class PlannedSwitchoverIT {
    @RegisterExtension
    static final LivePair LIVE = new LivePair();

    private final PostgresMember primaryServer = LIVE.cluster().member("primary");
    private final PostgresMember replicaServer = LIVE.cluster().member("replica");
    private final PostgresActivities postgres = LIVE.activities();

    @Test
    void everyWriteCommittedBeforeTheFenceIsOnThePromotedReplicaAndPromotionIsIdempotent() throws Exception {
        Writer writer = new Writer(primaryServer);
        Thread thread = new Thread(writer, "it-writer");
        thread.start();
        writer.awaitCommits(50);

        postgres.fence(CLUSTER, "primary");
        ConfigSnapshot before = postgres.snapshot(CLUSTER, "primary");
        String finalLsn = postgres.finalWalLsn(CLUSTER, "primary");
        postgres.awaitReplay(CLUSTER, "replica", finalLsn, 60);
        PromotionResult first = postgres.promote(CLUSTER, "replica");
        PromotionResult second = postgres.promote(CLUSTER, "replica");
        MemberStatus promoted = postgres.verifyPrimary(CLUSTER, "replica");
        ConfigSnapshot after = postgres.snapshot(CLUSTER, "replica");
        writer.stop();
        thread.join();

        assertThat(first.promotedByThisCall()).isTrue();
        assertThat(second.promotedByThisCall()).isFalse();
        assertThat(second.detail()).contains("already primary");
        assertThat(promoted.inRecovery()).isFalse();
        assertThat(promoted.timeline()).isEqualTo(2L);
        assertThat(after.sameContentAs(before)).as("%s vs %s", after, before).isTrue();
        assertThat(writer.committed).isNotEmpty();
        assertThat(teamsOn(replicaServer.connect())).containsAll(writer.committed);
        try (Connection newPrimary = replicaServer.connect()) {
            insertTeam(newPrimary, "written-to-the-new-primary");
        }
        try (Connection oldPrimary = primaryServer.connect()) {
            assertThat(query(oldPrimary, "SHOW default_transaction_read_only")).isEqualTo("on");
        }
    }

    private static Set<String> teamsOn(Connection connection) throws SQLException {
        try (connection; Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM teams")) {
            Set<String> names = new HashSet<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    /** A client writing one team per statement, as fast as the primary lets it, remembering what committed. */
    private static final class Writer implements Runnable {
        final Set<String> committed = ConcurrentHashMap.newKeySet();
        private final PostgresMember primary;
        private final AtomicBoolean running = new AtomicBoolean(true);

        Writer(PostgresMember primary) {
            this.primary = primary;
        }

        @Override
        public void run() {
            Connection connection = null;
            for (int i = 0; running.get(); i++) {
                String name = "w-" + i;
                try {
                    if (connection == null) {
                        connection = primary.connect();
                    }
                    insertTeam(connection, name);
                    committed.add(name);
                } catch (SQLException e) {
                    close(connection);
                    connection = null;
                    sleep(20);
                }
            }
            close(connection);
        }

        void awaitCommits(int count) {
            Wait.until(count + " commits by the writer", Duration.ofSeconds(30), () -> committed.size() >= count);
        }

        void stop() {
            running.set(false);
        }

        private static void close(Connection c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // already gone
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
