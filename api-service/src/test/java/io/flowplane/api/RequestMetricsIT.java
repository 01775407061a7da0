package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.api.testing.LiveApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every answered request is counted and timed on the admin port, by route template, not by concrete path. */
class RequestMetricsIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    @Test
    void requestsAreCountedByMethodRouteTemplateAndStatus() throws Exception {
        // The counters are the JVM's, shared with the other tests of this run: compare before and after.
        String before = scrape();
        API.created("/api/v1/teams", "{\"name\": \"metered\"}");
        assertThat(API.admin().get("/api/v1/teams/metered").status()).isEqualTo(200);
        assertThat(API.admin().get("/api/v1/teams/metered").status()).isEqualTo(200);
        assertThat(API.anonymous().get("/api/v1/teams/metered").status()).isEqualTo(401);
        assertThat(API.admin().get("/api/v1/no-such-thing").status()).isEqualTo(404);
        String after = scrape();

        assertThat(increase(before, after, "flowplane_api_requests_total{method=\"GET\",route=\"/api/v1/teams/{team}\",status=\"200\",}"))
                .isEqualTo(2.0);
        assertThat(increase(before, after, "flowplane_api_requests_total{method=\"GET\",route=\"/api/v1/teams/{team}\",status=\"401\",}"))
                .isEqualTo(1.0);
        assertThat(increase(before, after, "flowplane_api_requests_total{method=\"POST\",route=\"/api/v1/teams\",status=\"201\",}"))
                .isEqualTo(1.0);
        assertThat(increase(before, after, "flowplane_api_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\",}"))
                .isEqualTo(1.0);
        assertThat(after).doesNotContain("route=\"/api/v1/teams/metered\"");
        assertThat(increase(before, after, "flowplane_api_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/teams/{team}\",}"))
                .isEqualTo(3.0);
    }

    /** How much one series grew; a series first seen after counts from 0. */
    private static double increase(String before, String after, String series) {
        double was = before.lines().anyMatch(line -> line.startsWith(series + " ")) ? count(before, series) : 0.0;
        return count(after, series) - was;
    }

    private static String scrape() throws Exception {
        int adminPort = API.app().support().getAdminPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of one exact series line; fails naming the series when it is absent. */
    private static double count(String exposition, String series) {
        return exposition.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + exposition.lines()
                        .filter(l -> l.startsWith("flowplane_api_requests_total")).toList()));
    }
}
