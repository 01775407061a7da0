package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.Reply;
import io.flowplane.api.testing.RunningApi;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.testkit.PostgresCluster;
import io.flowplane.testkit.PostgresMember;
import io.flowplane.testkit.TestDatabase;
import io.flowplane.testkit.Wait;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real streaming replicas: a control plane on one reads and refuses writes; READ_URL reads come from one. */
class ReplicaIT {
    private static final Duration REPLICATION = Duration.ofSeconds(30);

    private static TestDatabase database;
    private static RunningApi primary;
    private static String adminToken;

    @BeforeAll
    static void primaryWithConfiguration() throws Exception {
        database = TestDatabase.create();
        primary = RunningApi.start(database.primaryUrl());
        Api admin = primary.admin();
        adminToken = admin.token();
        assertThat(admin.post("/api/v1/teams", "{\"name\": \"platform\"}").status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/teams/platform/dataplanes", """
                {"team": "platform", "name": "eu-west-production", "gateway_host": "envoy-eu-west.example.com"}""").status())
                .isEqualTo(201);
        database.awaitOnReplica("SELECT 1 FROM dataplanes WHERE name = 'eu-west-production' HAVING count(*) = 1", REPLICATION);
    }

    @AfterAll
    static void stop() {
        try {
            if (primary != null) {
                primary.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void aControlPlaneOnTheReplicaServesReadsAndRefusesWritesWith503() {
        try (RunningApi regional = RunningApi.start(database.replicaUrl())) {
            Api api = regional.anonymous().as(adminToken);
            assertThat(api.get("/api/v1/teams/platform").status()).isEqualTo(200);
            Reply dataplanes = api.get("/api/v1/teams/platform/dataplanes");
            assertThat(dataplanes.status()).isEqualTo(200);
            assertThat(dataplanes.json().findValuesAsText("name")).containsExactly("eu-west-production");
            assertThat(api.get("/api/v1/config/revision").json().get("revision").asLong()).isPositive();
            assertThat(api.get("/api/v1/teams/platform/dataplanes/eu-west-production/bootstrap").status()).isEqualTo(200);

            List<Reply> writes = List.of(
                    api.post("/api/v1/teams", "{\"name\": \"eu-only\"}"),
                    api.put("/api/v1/teams/platform", "{\"description\": \"x\", \"version\": 1}"),
                    api.delete("/api/v1/teams/platform/dataplanes/eu-west-production"),
                    api.post("/api/v1/tokens", "{\"name\": \"x\", \"scopes\": [\"admin\"]}"));
            for (Reply write : writes) {
                assertThat(write.status()).as(write.toString()).isEqualTo(503);
                assertThat(write.text("error")).isEqualTo("read_only");
                assertThat(write.text("message")).contains("read-only").contains("replica").contains(database.name());
            }
            assertThat(regional.anonymous().post("/api/v1/teams", "{\"name\": \"x\"}").status())
                    .as("authentication still comes first").isEqualTo(401);
        }
        assertThat(primary.admin().get("/api/v1/teams/eu-only").status()).as("nothing was written").isEqualTo(404);
    }

    @Test
    void readUrlReadsSeeThePrimarysWritesOnceReplicated() throws Exception {
        try (RunningApi split = RunningApi.start(database.primaryUrl(), database.replicaUrl())) {
            Api api = split.admin();
            Reply created = api.post("/api/v1/clusters",
                    "{\"team\": \"platform\", \"name\": \"replicated\", \"endpoints\": [{\"host\": \"10.0.0.9\", \"port\": 80}]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.text("id");

            long deadline = System.nanoTime() + REPLICATION.toNanos();
            Reply read = api.get("/api/v1/clusters/" + id);
            while (read.status() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                read = api.get("/api/v1/clusters/" + id);
            }
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().get("endpoints").get(0).get("host").asText()).isEqualTo("10.0.0.9");
            assertThat(readPoolSessionsOnReplica()).as("the read pool is connected to the replica").isPositive();
        }
    }

    /**
     * Reads through READ_URL are served by the replica, not the primary: with the replica's replay
     * paused (on a cluster of this test's own), a write made through the API is not seen by a read
     * through the API until replay resumes. Token checks still read the primary: a token issued
     * while replay is paused works at once.
     */
    @Test
    void readUrlReadsShowTheReplicasStateWhileItsReplayIsPausedAndTokenChecksDoNot() {
        try (PostgresCluster cluster = PostgresCluster.builder().primary("us-east-1").asynchronousReplica("eu-west-1").start();
                RunningApi split = RunningApi.start(cluster.member("us-east-1").url(), cluster.member("eu-west-1").url())) {
            Api api = split.admin();
            assertThat(api.post("/api/v1/teams", "{\"name\": \"platform\"}").status()).isEqualTo(201);
            Reply created = api.post("/api/v1/clusters",
                    "{\"team\": \"platform\", \"name\": \"before-pause\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.text("id");
            Wait.until("the cluster readable through the replica", REPLICATION, () -> api.get("/api/v1/clusters/" + id).status() == 200);

            PostgresMember replica = cluster.member("eu-west-1");
            replica.execute("SELECT pg_wal_replay_pause()");
            Reply updated = api.put("/api/v1/clusters/" + id,
                    "{\"endpoints\": [{\"host\": \"10.0.0.2\", \"port\": 80}], \"version\": 1}");
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            Wait.until("the update received by the replica but not replayed", REPLICATION, () -> replica.queryLong(
                    "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())") > 0);
            Reply stale = api.get("/api/v1/clusters/" + id);
            assertThat(stale.json().at("/endpoints/0/host").asText()).as("read from the paused replica").isEqualTo("10.0.0.1");
            assertThat(stale.json().get("version").asLong()).isEqualTo(1);

            Reply issued = api.post("/api/v1/tokens", "{\"name\": \"while-paused\", \"scopes\": [\"admin\"]}");
            assertThat(issued.status()).isEqualTo(201);
            assertThat(split.anonymous().as(issued.text("token")).get("/api/v1/teams").status())
                    .as("a token the replica has not replayed is accepted: token checks read the primary").isEqualTo(200);

            replica.execute("SELECT pg_wal_replay_resume()");
            Wait.until("the update read through the replica once replay resumes", REPLICATION,
                    () -> api.get("/api/v1/clusters/" + id).json().at("/endpoints/0/host").asText().equals("10.0.0.2"));
        }
    }

    /** docs/api.md: a control plane on a replica re-checks every 2 s, so a promoted replica takes writes without a restart. */
    @Test
    void aControlPlaneOnAReplicaTakesWritesOnceTheReplicaIsPromotedWithoutARestart() {
        try (PostgresCluster cluster = PostgresCluster.builder().primary("us-east-1").asynchronousReplica("us-east-2").start()) {
            String token;
            try (RunningApi onPrimary = RunningApi.start(cluster.member("us-east-1").url())) {
                token = onPrimary.admin().token(); // migrates the schema and stores this token; both replicate
            }
            try (RunningApi onReplica = RunningApi.start(cluster.member("us-east-2").url())) {
                Api api = onReplica.anonymous().as(token);
                Reply refused = Wait.until("the token replicated, and the write refused as read-only", REPLICATION, () -> {
                    Reply reply = api.post("/api/v1/teams", "{\"name\": \"before-promotion\"}");
                    return reply.status() == 401 ? null : reply;
                });
                assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
                assertThat(refused.text("error")).isEqualTo("read_only");

                cluster.member("us-east-1").stopImmediately();
                cluster.member("us-east-2").promote();
                Reply created = Wait.until("a write through the same control plane after the promotion", Duration.ofSeconds(20), () -> {
                    Reply reply = api.post("/api/v1/teams", "{\"name\": \"after-promotion\"}");
                    return reply.status() == 201 ? reply : null;
                });
                assertThat(created.text("name")).isEqualTo("after-promotion");
                assertThat(api.get("/api/v1/teams/after-promotion").status()).isEqualTo(200);
            }
        }
    }

    private static int readPoolSessionsOnReplica() throws Exception {
        DatabaseUrl replica = DatabaseUrl.parse(database.replicaUrl());
        try (Connection c = DriverManager.getConnection(replica.jdbcUrl(), replica.user(), replica.password());
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = 'flowplane-api-read'")) {
            q.setString(1, database.name());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
