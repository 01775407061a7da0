package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The guide's four-member topology, built by the kit, is what it says: one primary, one synchronous and two asynchronous replicas. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresClusterIT {
    @RegisterExtension
    static final PostgresClusterExtension POSTGRES = new PostgresClusterExtension(PostgresCluster.builder()
            .primary("us-east-1")
            .synchronousReplica("us-east-2")
            .asynchronousReplica("eu-west-1")
            .asynchronousReplica("ap-east-1")
            .withFlowplaneSchema());

    @Test
    @Order(1)
    void thePrimaryStreamsToEachReplicaInTheModeItWasBuiltWith() throws SQLException {
        Map<String, String> syncStates = new HashMap<>();
        try (Connection c = POSTGRES.cluster().primary().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication")) {
            while (rs.next()) {
                syncStates.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(syncStates).containsExactlyInAnyOrderEntriesOf(Map.of(
                "us_east_2", "sync", "eu_west_1", "async", "ap_east_1", "async"));
        assertThat(POSTGRES.cluster().primary().isInRecovery()).isFalse();
        assertThat(POSTGRES.cluster().members()).filteredOn(m -> m != POSTGRES.cluster().primary())
                .allSatisfy(replica -> assertThat(replica.isInRecovery()).as(replica.toString()).isTrue());
    }

    @Test
    @Order(2)
    void aCommitOnThePrimaryReachesEveryReplicaWithTheSchema() throws SQLException {
        POSTGRES.cluster().primary().execute("INSERT INTO teams (name, id, description) VALUES ('replicated', 'team-replicated', 'kit test')");
        for (PostgresMember replica : POSTGRES.cluster().members().subList(1, 4)) {
            Wait.until("the team on " + replica, Duration.ofSeconds(30), () -> replica.queryLong("SELECT count(*) FROM teams WHERE name = 'replicated'") == 1);
        }
    }

    @Test
    @Order(3)
    void aKilledPrimaryIsGoneAndAReplicaPromotedByHandTakesWritesOnANewTimeline() throws SQLException {
        POSTGRES.cluster().primary().kill();
        assertThat(POSTGRES.cluster().primary().isRunning()).as("postmaster.pid stays behind a crash").isTrue();
        assertThatThrownBy(() -> POSTGRES.cluster().primary().connect()).isInstanceOf(SQLException.class);

        PostgresMember standby = POSTGRES.cluster().member("us-east-2");
        standby.promote();
        standby.execute("INSERT INTO teams (name, id, description) VALUES ('after-failover', 'team-after', 'kit test')");
        assertThat(standby.timeline()).isEqualTo(2);
        assertThatThrownBy(() -> POSTGRES.cluster().member("nowhere")).hasMessageContaining("us-east-1");
    }

}
