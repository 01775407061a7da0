package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A replica streaming through Toxiproxy stops receiving when cut off, and catches up when reconnected. */
class PostgresCutOffIT {
    @RegisterExtension
    static final PostgresClusterExtension POSTGRES = new PostgresClusterExtension(PostgresCluster.builder()
            .primary("us-east-1")
            .asynchronousReplica("eu-west-1")
            .replicationThroughToxiproxy());

    @Test
    void aCutOffReplicaMissesWritesUntilReconnected() {
        PostgresMember primary = POSTGRES.cluster().member("us-east-1");
        PostgresMember replica = POSTGRES.cluster().member("eu-west-1");
        primary.execute("CREATE TABLE probe (id int)");
        Wait.until("the table on eu-west-1", Duration.ofSeconds(30),
                () -> replica.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'probe'") == 1);

        POSTGRES.cluster().cutOff("eu-west-1");
        Wait.until("the primary to lose its WAL sender to eu-west-1", Duration.ofSeconds(30),
                () -> primary.queryLong("SELECT count(*) FROM pg_stat_replication") == 0);
        primary.execute("INSERT INTO probe VALUES (1)");
        // Absence shown by state, not by a sleep: with no WAL sender the row cannot have been shipped.
        assertThat(primary.queryLong("SELECT count(*) FROM pg_stat_replication")).isZero();
        assertThat(replica.queryLong("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")).isZero();
        assertThat(replica.queryLong("SELECT count(*) FROM probe")).as("the write made while cut off").isZero();

        POSTGRES.cluster().reconnect("eu-west-1");
        replica.awaitStreaming();
        Wait.until("the write to reach eu-west-1", Duration.ofSeconds(30), () -> replica.queryLong("SELECT count(*) FROM probe") == 1);
    }
}
