package io.flowplane.activities.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowplane.core.db.DatabaseUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** One control-plane process serving the hook contract on loopback, with scripted answers. */
public final class FakeControlPlane implements AutoCloseable {
    public record Request(String method, String path, String authorization, String body) {}

    public final List<Request> requests = new CopyOnWriteArrayList<>();
    public volatile String service = "xds-service";
    public volatile String database = "127.0.0.1:5432/flowplane";
    public volatile long generation = 1;
    public volatile boolean healthy = true;
    public volatile boolean dataplanesInSync = true;
    /** Status polls that still report restarting after a restart request. */
    public final AtomicInteger restartingPolls = new AtomicInteger();
    /** HTTP status the database switch answers with, 200 to accept. */
    public volatile int switchAnswer = 200;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;

    public FakeControlPlane() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/control-plane/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long count(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"), body));
            if (!"Bearer test-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, Map.of("error", "unauthorized"));
                return;
            }
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET /control-plane/status" -> send(exchange, 200, status());
                case "POST /control-plane/database" -> {
                    if (switchAnswer != 200) {
                        send(exchange, switchAnswer, Map.of("error", "refused", "message", "cannot use " + json.readTree(body).get("url").asText()));
                        return;
                    }
                    database = DatabaseUrl.parse(json.readTree(body).get("url").asText()).describe();
                    send(exchange, 200, status());
                }
                case "POST /control-plane/restart" -> {
                    generation++;
                    send(exchange, 202, Map.of("accepted", true));
                }
                default -> send(exchange, 404, Map.of("error", "not found"));
            }
        }
    }

    private Map<String, Object> status() {
        boolean restarting = restartingPolls.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("service", service);
        status.put("database", database);
        status.put("read_only", false);
        status.put("healthy", healthy && !restarting);
        status.put("config_revision", 42);
        status.put("generation", generation);
        status.put("restarting", restarting);
        status.put("connected_dataplanes", 2);
        status.put("dataplanes_in_sync", dataplanesInSync);
        status.put("some_future_field", "ignored");
        return status;
    }

    private void send(HttpExchange exchange, int code, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
