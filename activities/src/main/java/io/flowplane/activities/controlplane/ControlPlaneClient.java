package io.flowplane.activities.controlplane;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.flowplane.core.controlplane.ControlPlaneStatus;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * HTTP client of the control-plane hook contract; every request carries the admin bearer token. Statuses are
 * read into the record the services write, so the two sides cannot drift apart.
 */
public final class ControlPlaneClient {
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    // The service verifies the new database before answering.
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(45);

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String token;

    public ControlPlaneClient(String token) {
        this(token, null);
    }

    /** @param tls verifies https:// hooks (see {@link HookTransport}); null for the JVM's defaults */
    public ControlPlaneClient(String token, SSLContext tls) {
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        this.http = (tls == null ? builder : builder.sslContext(tls)).build();
    }

    public ControlPlaneStatus status(String baseUrl) throws IOException, InterruptedException, HookResponseException {
        return parse(send(request(baseUrl, "/control-plane/status", STATUS_TIMEOUT).GET().build(), 200));
    }

    /** @param readUrl where it should read from, or null to leave that to the process */
    public ControlPlaneStatus switchDatabase(String baseUrl, String databaseUrl, String readUrl)
            throws IOException, InterruptedException, HookResponseException {
        Map<String, Object> body = readUrl == null ? Map.of("url", databaseUrl) : Map.of("url", databaseUrl, "read_url", readUrl);
        return parse(send(post(baseUrl, "/control-plane/database", SWITCH_TIMEOUT, body), 200));
    }

    /** The node ids of the Envoys streaming from it. */
    public List<String> connectedNodes(String baseUrl) throws IOException, InterruptedException, HookResponseException {
        return json.readValue(send(request(baseUrl, "/control-plane/dataplanes", STATUS_TIMEOUT).GET().build(), 200),
                ConnectedNodes.class).nodes();
    }

    private record ConnectedNodes(List<String> nodes) {}

    public void restart(String baseUrl, int drainSeconds) throws IOException, InterruptedException, HookResponseException {
        send(post(baseUrl, "/control-plane/restart", STATUS_TIMEOUT, Map.of("drain_seconds", drainSeconds)), 202);
    }

    private HttpRequest post(String baseUrl, String path, Duration timeout, Map<String, Object> body) throws IOException {
        return request(baseUrl, path, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
    }

    private HttpRequest.Builder request(String baseUrl, String path, Duration timeout) {
        if (token == null || token.isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("FLOWPLANE_ADMIN_TOKEN is not set on the worker", "AdminTokenMissing");
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private String send(HttpRequest request, int expected) throws IOException, InterruptedException, HookResponseException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected && response.statusCode() != 200) {
            throw new HookResponseException(response.statusCode(), response.body());
        }
        return response.body();
    }

    private ControlPlaneStatus parse(String body) throws IOException {
        return json.readValue(body, ControlPlaneStatus.class);
    }
}
