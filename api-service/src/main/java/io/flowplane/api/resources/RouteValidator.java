package io.flowplane.api.resources;

import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.HeaderMatch;
import io.flowplane.core.model.RetryPolicy;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.VirtualHostSpec;
import io.flowplane.core.model.WeightedCluster;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks virtual hosts and their routes field by field, and collects the clusters they name (with the
 * field of first use) so the caller can check them against the database in its transaction.
 */
final class RouteValidator {
    static final long MAX_TIMEOUT_MS = 3_600_000;
    private static final Pattern HEADER_NAME = Pattern.compile(":?[a-z0-9!#$%&'*+.^_`|~-]{1,128}");
    /** "*", a host[:port], or a host with one wildcard at the start ("*.example.com") or the end ("api.*"). */
    private static final Pattern DOMAIN = Pattern.compile(
            "\\*|(\\*[.-]?)?[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:\\d{1,5})?|[A-Za-z0-9][A-Za-z0-9.-]{0,251}[.-]\\*");
    /** Envoy's x-envoy-retry-on and x-envoy-retry-grpc-on conditions. */
    static final Set<String> RETRY_ON = Set.of("5xx", "gateway-error", "reset", "reset-before-request", "connect-failure",
            "envoy-ratelimited", "retriable-4xx", "refused-stream", "retriable-status-codes", "retriable-headers",
            "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable");

    /** Cluster name to the first field that names it, in order of appearance. */
    private final Map<String, String> clusterFields = new LinkedHashMap<>();

    List<VirtualHostSpec> validate(List<VirtualHostSpec> virtualHosts) {
        if (virtualHosts == null || virtualHosts.isEmpty()) {
            throw ApiException.invalid("virtual_hosts", "at least one virtual host is required");
        }
        Set<String> names = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (int v = 0; v < virtualHosts.size(); v++) {
            String at = "virtual_hosts[" + v + "]";
            VirtualHostSpec vh = virtualHosts.get(v);
            if (vh == null) {
                throw ApiException.invalid(at, "must be an object {name, domains, routes}");
            }
            Validate.name(at + ".name", vh.name());
            if (!names.add(vh.name())) {
                throw ApiException.invalid(at + ".name", "'" + vh.name() + "' is used by another virtual host");
            }
            if (vh.domains() == null || vh.domains().isEmpty()) {
                throw ApiException.invalid(at + ".domains", "at least one domain is required, for example [\"*\"]");
            }
            for (int d = 0; d < vh.domains().size(); d++) {
                String field = at + ".domains[" + d + "]";
                String domain = Validate.required(field, vh.domains().get(d));
                if (!DOMAIN.matcher(domain).matches()) {
                    throw ApiException.invalid(field, Echo.quote(domain) + " is not a domain, '*', or a domain with one leading or trailing '*'");
                }
                if (!domains.add(domain.toLowerCase())) {
                    throw ApiException.invalid(field, "'" + domain + "' appears twice in this route config; Envoy requires unique domains");
                }
            }
            if (vh.routes() == null || vh.routes().isEmpty()) {
                throw ApiException.invalid(at + ".routes", "at least one route is required");
            }
            for (int r = 0; r < vh.routes().size(); r++) {
                route(at + ".routes[" + r + "]", vh.routes().get(r));
            }
        }
        return virtualHosts;
    }

    Map<String, String> clusterFields() {
        return clusterFields;
    }

    private void route(String at, RouteSpec route) {
        if (route == null) {
            throw ApiException.invalid(at, "must be an object {prefix|path, cluster|weighted_clusters}");
        }
        if ((route.prefix() == null) == (route.path() == null)) {
            throw ApiException.invalid(at, "give exactly one of prefix or path");
        }
        String matchField = at + (route.prefix() != null ? ".prefix" : ".path");
        String match = route.prefix() != null ? route.prefix() : route.path();
        if (!match.startsWith("/")) {
            throw ApiException.invalid(matchField, "must start with '/'");
        }
        if (match.length() > 1024 || match.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw ApiException.invalid(matchField, "must be at most 1024 characters without spaces or control characters");
        }
        headers(at, route.headers());
        destination(at, route);
        timeout(at + ".timeout_ms", route.timeoutMs(), 0);
        retry(at + ".retry_policy", route.retryPolicy());
    }

    private static void headers(String at, List<HeaderMatch> headers) {
        if (headers == null) {
            return;
        }
        for (int h = 0; h < headers.size(); h++) {
            String field = at + ".headers[" + h + "]";
            HeaderMatch header = headers.get(h);
            if (header == null) {
                throw ApiException.invalid(field, "must be an object {name, exact|present}");
            }
            String name = Validate.required(field + ".name", header.name());
            if (!HEADER_NAME.matcher(name).matches()) {
                throw ApiException.invalid(field + ".name", Echo.quote(name) + " is not a lowercase HTTP header name");
            }
            if ((header.exact() == null) == (header.present() == null)) {
                throw ApiException.invalid(field, "give exactly one of exact (a value) or present (true or false)");
            }
            if (header.exact() != null && header.exact().length() > 4096) {
                throw ApiException.invalid(field + ".exact", "is longer than 4096 characters");
            }
        }
    }

    private void destination(String at, RouteSpec route) {
        boolean single = route.cluster() != null;
        boolean weighted = route.weightedClusters() != null;
        if (single == weighted) {
            throw ApiException.invalid(at, "give exactly one of cluster or weighted_clusters");
        }
        if (single) {
            use(Validate.name(at + ".cluster", route.cluster()), at + ".cluster");
            return;
        }
        List<WeightedCluster> weights = route.weightedClusters();
        String field = at + ".weighted_clusters";
        if (weights.isEmpty()) {
            throw ApiException.invalid(field, "at least one {cluster, weight} is required");
        }
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (int w = 0; w < weights.size(); w++) {
            String wf = field + "[" + w + "]";
            WeightedCluster wc = weights.get(w);
            if (wc == null) {
                throw ApiException.invalid(wf, "must be an object {cluster, weight}");
            }
            String cluster = Validate.name(wf + ".cluster", wc.cluster());
            if (!seen.add(cluster)) {
                throw ApiException.invalid(wf + ".cluster", "'" + cluster + "' is listed twice");
            }
            if (wc.weight() == null) {
                throw ApiException.invalid(wf + ".weight", "is required");
            }
            if (wc.weight() < 0 || wc.weight() > 10_000) {
                throw ApiException.invalid(wf + ".weight", wc.weight() + " is not between 0 and 10000");
            }
            total += wc.weight();
            use(cluster, wf + ".cluster");
        }
        if (total == 0) {
            throw ApiException.invalid(field, "weights add up to 0; at least one must be positive");
        }
    }

    private static void retry(String at, RetryPolicy retry) {
        if (retry == null) {
            return;
        }
        String retryOn = Validate.required(at + ".retry_on", retry.retryOn());
        for (String condition : retryOn.split(",", -1)) {
            if (!RETRY_ON.contains(condition.trim())) {
                throw ApiException.invalid(at + ".retry_on", Echo.quote(condition.trim()) + " is not an Envoy retry condition; use "
                        + "a comma-separated list of " + String.join(", ", RETRY_ON.stream().sorted().toList()));
            }
        }
        if (retry.numRetries() != null && (retry.numRetries() < 0 || retry.numRetries() > 10)) {
            throw ApiException.invalid(at + ".num_retries", retry.numRetries() + " is not between 0 and 10");
        }
        timeout(at + ".per_try_timeout_ms", retry.perTryTimeoutMs(), 1);
    }

    private static void timeout(String field, Long value, long min) {
        if (value != null && (value < min || value > MAX_TIMEOUT_MS)) {
            throw ApiException.invalid(field, value + " is not between " + min + " and " + MAX_TIMEOUT_MS);
        }
    }

    private void use(String cluster, String field) {
        clusterFields.putIfAbsent(cluster, field);
    }
}
