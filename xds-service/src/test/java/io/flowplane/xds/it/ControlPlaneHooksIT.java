package io.flowplane.xds.it;

import static io.flowplane.xds.snapshot.TypeUrls.LISTENER;
import static io.flowplane.xds.testing.AdsClient.nodeWithDataplaneId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.testkit.Http;
import io.flowplane.testkit.Ports;
import io.flowplane.testkit.Wait;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.Resources;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control-plane hooks over HTTP on the admin port of a running xds-service. */
class ControlPlaneHooksIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private StoreDatabase db;
    private XdsServer xds;
    private ManagedChannel channel;
    private Gateway gateway;

    @BeforeEach
    void start() {
        db = StoreDatabase.create();
        Gateway.team(db, "payments");
        gateway = Gateway.create(db, "payments", "eu", 8080, Ports.next());
        xds = XdsServer.start(db.primaryUrl);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", xds.grpcPort).usePlaintext().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        xds.close();
        db.close();
    }

    private AdsClient connect() {
        return AdsClient.connect(AdsClient.withAuthorization(AggregatedDiscoveryServiceGrpc.newStub(channel),
                "Bearer " + gateway.credential()), nodeWithDataplaneId("envoy-1", "eu", gateway.dataplane().id()));
    }

    private JsonNode status() {
        Http.Reply response = xds.hookStatus();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode awaitStatus(String what, java.util.function.Predicate<JsonNode> condition) {
        return Wait.until(what, WAIT, () -> {
            JsonNode status = status();
            return condition.test(status) ? status : null;
        });
    }

    @Test
    void statusDescribesTheServiceAndItsDatabase() {
        long revision = db.revision();
        JsonNode status = awaitStatus("revision loaded", s -> s.get("config_revision").asLong() == revision);

        assertThat(status.get("service").asText()).isEqualTo("xds-service");
        assertThat(status.get("database").asText()).isEqualTo(DatabaseUrl.parse(db.primaryUrl).describe());
        assertThat(status.get("database_url_source").asText()).isEqualTo("ENVIRONMENT");
        assertThat(status.get("read_only").asBoolean()).isFalse();
        assertThat(status.get("healthy").asBoolean()).isTrue();
        assertThat(status.get("generation").asLong()).isEqualTo(1);
        assertThat(status.get("restarting").asBoolean()).isFalse();
        assertThat(status.get("connected_dataplanes").asInt()).isZero();
        assertThat(status.get("dataplanes_in_sync").asBoolean()).isTrue();
    }

    @Test
    void hooksNeedTheAdminToken() {
        assertThat(xds.admin().get("/control-plane/status").status()).isEqualTo(401);
        assertThat(xds.admin().withToken("wrong-token").get("/control-plane/status").status()).isEqualTo(401);
    }

    @Test
    void dataplanesAreInSyncOnceTheirStreamsAckedTheCurrentConfiguration() {
        AdsClient envoy = connect();
        envoy.subscribe(LISTENER);
        DiscoveryResponse first = envoy.await(LISTENER);
        JsonNode sent = awaitStatus("a connected dataplane", s -> s.get("connected_dataplanes").asInt() == 1);
        assertThat(sent.get("dataplanes_in_sync").asBoolean()).as("sent, not ACKed").isFalse();

        envoy.ack(first);
        awaitStatus("in sync after the ACK", s -> s.get("dataplanes_in_sync").asBoolean());

        db.listeners().update(gateway.listener().id(), "127.0.0.1", Ports.next(), gateway.dataplane().id(),
                gateway.routeConfig().name(), null);
        DiscoveryResponse changed = envoy.await(LISTENER);
        assertThat(status().get("dataplanes_in_sync").asBoolean()).as("change sent, not ACKed").isFalse();
        envoy.ack(changed);
        awaitStatus("in sync after the second ACK", s -> s.get("dataplanes_in_sync").asBoolean());

        String metrics = xds.admin().get("/prometheus").body();
        assertThat(metrics).contains("flowplane_xds_config_sync_latency_seconds_count{type=\"lds\",} 1.0");
        envoy.close();
    }

    @Test
    void switchingTheDatabaseProvesPersistsAndReloads() throws Exception {
        long revision = db.revision();
        awaitStatus("revision loaded", s -> s.get("config_revision").asLong() == revision);

        Http.Reply unreachable = xds.admin().withToken(XdsServer.ADMIN_TOKEN).post("/control-plane/database",
                "{\"url\": \"postgresql://flowplane:flowplane@127.0.0.1:1/" + db.name + "\"}");
        assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(503);
        assertThat(status().get("database").asText()).isEqualTo(DatabaseUrl.parse(db.primaryUrl).describe());
        assertThat(xds.stateDirectory.resolve("database-url")).doesNotExist();

        Wait.until("the replica has the test database", WAIT, () -> replicaAnswers());
        Http.Reply switched = xds.admin().withToken(XdsServer.ADMIN_TOKEN).post("/control-plane/database",
                "{\"url\": \"" + db.replicaUrl + "\"}");

        assertThat(switched.status()).as(switched.body()).isEqualTo(200);
        JsonNode status = switched.json();
        assertThat(status.get("database").asText()).isEqualTo(DatabaseUrl.parse(db.replicaUrl).describe());
        assertThat(status.get("database_url_source").asText()).isEqualTo("STATE_FILE");
        assertThat(status.get("read_only").asBoolean()).isTrue();
        assertThat(status.get("config_revision").asLong()).isEqualTo(revision);
        assertThat(Files.readString(xds.stateDirectory.resolve("database-url")).trim()).isEqualTo(db.replicaUrl);
    }

    private boolean replicaAnswers() {
        DatabaseUrl replica = DatabaseUrl.parse(db.replicaUrl);
        try (var c = java.sql.DriverManager.getConnection(replica.jdbcUrl(), replica.user(), replica.password());
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT revision FROM config_revision")) {
            return rs.next() && rs.getLong(1) == db.revision();
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    @Test
    void aRestartEndsStreamsWithUnavailableAndServesTheConfigurationAgain() {
        AdsClient before = connect();
        before.subscribe(LISTENER);
        DiscoveryResponse held = before.await(LISTENER);
        before.ack(held);
        awaitStatus("in sync", s -> s.get("dataplanes_in_sync").asBoolean() && s.get("connected_dataplanes").asInt() == 1);

        Http.Reply accepted = xds.admin().withToken(XdsServer.ADMIN_TOKEN).post("/control-plane/restart",
                "{\"drain_seconds\": 1}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        Wait.until("the stream ended", WAIT, before::error);
        assertThat(Status.fromThrowable(before.error()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        // Reconnecting during the drain is served the configuration in service: never an empty one.
        AdsClient during = connect();
        during.subscribe(LISTENER);
        assertThat(Resources.names(during.await(LISTENER))).containsExactly(gateway.listener().name());

        JsonNode after = awaitStatus("generation 2", s -> s.get("generation").asLong() == 2
                && !s.get("restarting").asBoolean());
        assertThat(after.get("healthy").asBoolean()).isTrue();
        assertThat(after.get("config_revision").asLong()).isEqualTo(db.revision());
        long streamsSoFar = 0;
        for (JsonNode stream : xds.xdsStatus().json().get("streams")) {
            streamsSoFar = Math.max(streamsSoFar, stream.get("stream_id").asLong());
        }
        long lastStreamBefore = streamsSoFar;
        AdsClient reconnected = connect();
        reconnected.resubscribe(LISTENER, held.getVersionInfo());
        // Once the new stream lists its listener request as handled, the server's own count says what it sent.
        JsonNode newest = Wait.until("the reconnected stream's request handled", WAIT, () -> {
            for (JsonNode stream : xds.xdsStatus().json().get("streams")) {
                if (stream.get("stream_id").asLong() > lastStreamBefore && stream.at("/types/lds").isObject()) {
                    return stream;
                }
            }
            return null;
        });
        assertThat(newest.at("/types/lds/responses_sent").asLong()).as("it holds the current version").isZero();
    }
}
