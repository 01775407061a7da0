package io.flowplane.api.metrics;

import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Counts and times every API request by method, route template (e.g.
 * {@code /api/v1/teams/{team}/clusters}, never the concrete path, to keep the label set bounded) and
 * status code. Requests refused before routing (401, unknown paths) are counted too.
 */
@PreMatching
public final class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";
    static final String UNMATCHED = "unmatched";
    private static final double[] DURATION_BUCKETS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    // Registered once per JVM in the default registry, which /prometheus serves; tests start several apps.
    private static final Counter REQUESTS = Counter.build("flowplane_api_requests_total",
                    "API requests answered, by method, route template and status code")
            .labelNames("method", "route", "status").register();
    private static final Histogram DURATION = Histogram.build("flowplane_api_request_duration_seconds",
                    "Time from receiving an API request to its response, by method and route template")
            .labelNames("method", "route")
            .buckets(DURATION_BUCKETS)
            .register();

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        String method = request.getMethod();
        String route = route(request.getUriInfo());
        REQUESTS.labels(method, route, Integer.toString(response.getStatus())).inc();
        if (started instanceof Long nanos) {
            DURATION.labels(method, route).observe((System.nanoTime() - nanos) / 1e9);
        }
    }

    /** The matched resource's path template, outermost first; {@value #UNMATCHED} when nothing matched. */
    static String route(UriInfo uriInfo) {
        if (!(uriInfo instanceof ExtendedUriInfo extended)) {
            return UNMATCHED;
        }
        List<UriTemplate> templates = new ArrayList<>(extended.getMatchedTemplates());
        if (templates.isEmpty()) {
            return UNMATCHED;
        }
        Collections.reverse(templates);
        StringBuilder path = new StringBuilder();
        for (UriTemplate template : templates) {
            String part = template.getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (!part.startsWith("/") && (path.length() == 0 || path.charAt(path.length() - 1) != '/')) {
                path.append('/');
            }
            path.append(part);
        }
        return path.length() == 0 ? "/" : path.toString();
    }
}
