package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.api.testing.Api;
import io.flowplane.api.testing.LiveApi;
import io.flowplane.api.testing.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Racing requests: one wins, the others get 409 (or 412), never a 500 or a lost update. */
class ConcurrencyIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    private static final int RACERS = 16;
    private static String dataplane;

    private final Api admin = API.admin();

    @BeforeAll
    static void team() {
        API.created("/api/v1/teams", "{\"name\": \"race\"}");
        dataplane = API.created("/api/v1/teams/race/dataplanes", "{\"name\": \"us\"}").get("id").asText();
        API.created("/api/v1/clusters", "{\"team\": \"race\", \"name\": \"backend\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}");
    }

    @Test
    void concurrentDuplicateCreatesGiveOneCreatedAndConflictsForTheRest() throws Exception {
        assertOneWinner(i -> admin.post("/api/v1/teams", "{\"name\": \"same-team\"}"), 201);
        assertOneWinner(i -> admin.post("/api/v1/teams/race/dataplanes", "{\"name\": \"same-dp\"}"), 201);
        assertOneWinner(i -> admin.post("/api/v1/clusters",
                "{\"team\": \"race\", \"name\": \"same-cluster\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}"), 201);
        assertOneWinner(i -> admin.post("/api/v1/route-configs", """
                {"team": "race", "name": "same-rc", "virtual_hosts": [{"name": "a", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "backend"}]}]}"""),
                201);
        assertOneWinner(i -> admin.post("/api/v1/listeners",
                "{\"team\": \"race\", \"name\": \"same-ln\", \"address\": \"0.0.0.0\", \"port\": " + (20000 + i) + ", \"dataplane_id\": \"" + dataplane + "\"}"),
                201);
        assertOneWinner(i -> admin.post("/api/v1/listeners",
                "{\"team\": \"race\", \"name\": \"port-" + i + "\", \"address\": \"0.0.0.0\", \"port\": 30000, \"dataplane_id\": \"" + dataplane + "\"}"),
                201);
    }

    @Test
    void concurrentUpdatesFromTheSameVersionLeaveExactlyOneWinner() throws Exception {
        String id = API.created("/api/v1/clusters",
                "{\"team\": \"race\", \"name\": \"contended\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}").get("id").asText();
        List<Reply> replies = race(i -> admin.put("/api/v1/clusters/" + id,
                "{\"endpoints\": [{\"host\": \"h\", \"port\": " + (100 + i) + "}], \"version\": 1}"));
        assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() != 200).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.text("error")).isEqualTo("version_conflict");
            assertThat(r.text("field")).isEqualTo("version");
        });
        Reply winner = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        Reply now = admin.get("/api/v1/clusters/" + id);
        assertThat(now.json().get("version").asLong()).isEqualTo(2);
        assertThat(now.json().get("endpoints")).isEqualTo(winner.json().get("endpoints"));
    }

    @Test
    void staleVersionsAreRefusedWith409InTheBodyAnd412ByIfMatch() {
        String id = API.created("/api/v1/teams/race/dataplanes", "{\"name\": \"versioned\"}").get("id").asText();
        String path = "/api/v1/teams/race/dataplanes/" + id;
        assertThat(admin.put(path, "{\"description\": \"one\", \"version\": 1}").status()).isEqualTo(200);

        Reply staleBody = admin.put(path, "{\"description\": \"lost\", \"version\": 1}");
        assertThat(staleBody.status()).isEqualTo(409);
        assertThat(staleBody.text("message")).contains("version 2");
        Reply staleHeader = admin.put(path, "{\"description\": \"lost\"}", "If-Match", "\"1\"");
        assertThat(staleHeader.status()).isEqualTo(412);
        assertThat(staleHeader.text("field")).isEqualTo("If-Match");
        assertThat(admin.send("DELETE", path, "{\"version\": 1}").status()).isEqualTo(409);
        assertThat(admin.delete(path, "If-Match", "\"1\"").status()).isEqualTo(412);
        assertThat(admin.get(path).json().get("description").asText()).isEqualTo("one");

        Reply current = admin.get(path);
        assertThat(admin.put(path, "{\"description\": \"two\"}", "If-Match", current.header("ETag")).status()).isEqualTo(200);
        assertThat(admin.delete(path, "If-Match", "\"3\"").status()).isEqualTo(204);
        assertThat(admin.put(path, "{\"description\": \"gone\", \"version\": 3}").status()).isEqualTo(404);
    }

    @Test
    void aClusterCannotBeDeletedWhileARouteStartsUsingIt() throws Exception {
        for (int n = 0; n < 5; n++) {
            int round = n;
            String name = "target-" + round;
            String id = API.created("/api/v1/clusters",
                    "{\"team\": \"race\", \"name\": \"" + name + "\", \"endpoints\": [{\"host\": \"h\", \"port\": 1}]}").get("id").asText();
            List<Reply> replies = race(i -> i % 2 == 0
                    ? admin.delete("/api/v1/clusters/" + id)
                    : admin.post("/api/v1/route-configs", """
                            {"team": "race", "name": "user-%d-%d", "virtual_hosts": [{"name": "a", "domains": ["*"], "routes": [{"prefix": "/", "cluster": "%s"}]}]}"""
                            .formatted(round, i, name)));
            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isLessThan(500));
            boolean clusterExists = admin.get("/api/v1/clusters/" + id).status() == 200;
            long routesUsingIt = admin.get("/api/v1/route-configs?team=race").json().findValuesAsText("cluster").stream()
                    .filter(name::equals).count();
            assertThat(clusterExists || routesUsingIt == 0)
                    .as("round %d: cluster exists=%s, routes using it=%d", round, clusterExists, routesUsingIt).isTrue();
        }
    }

    private static void assertOneWinner(IntFunction<Reply> request, int winnerStatus) throws Exception {
        List<Reply> replies = race(request);
        assertThat(replies).filteredOn(r -> r.status() == winnerStatus).as(replies.toString()).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() != winnerStatus).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.text("error")).isEqualTo("conflict");
        });
    }

    /** Sends RACERS requests as close together as a start gate allows. */
    private static List<Reply> race(IntFunction<Reply> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    gate.await();
                    return request.apply(n);
                }));
            }
            gate.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
