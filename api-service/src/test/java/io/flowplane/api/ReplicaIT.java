package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.Reply;
import io.flowplane.api.testing.RunningApi;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real streaming replica: a control plane on it reads and refuses writes; READ_URL reads come from it. */
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
