package io.flowplane.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for the services', Envoy's and upstreams' endpoints: JSON in, status and body out. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final String base;
    private final String token;
    private final Duration timeout;

    /** @param base scheme, host and port, e.g. http://127.0.0.1:8080; paths are appended as given */
    public Http(String base, String token) {
        this(base, token, DEFAULT_TIMEOUT);
    }

    private Http(String base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    public static Http to(String base) {
        return new Http(base, null);
    }

    public static Http localhost(int port) {
        return to("http://127.0.0.1:" + port);
    }

    public Http withToken(String bearerToken) {
        return new Http(base, bearerToken, timeout);
    }

    /** How long a request may wait for its answer before it fails (10 s unless set). */
    public Http withTimeout(Duration requestTimeout) {
        return new Http(base, token, requestTimeout);
    }

    public String url(String path) {
        return base + path;
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).GET();
        headers.forEach(request::header);
        return send(request);
    }

    public Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
