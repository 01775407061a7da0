package io.flowplane.xds.snapshot;

import io.flowplane.core.model.HeaderMatch;
import io.flowplane.core.model.RetryPolicy;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.WeightedCluster;
import java.util.List;
import java.util.Optional;

/**
 * Why a stored route cannot be translated faithfully. The API refuses such routes; this guards against
 * documents written by other means. A route is left out rather than translated in part: without its
 * header matches it would catch all traffic, and Envoy would reject the whole route configuration for
 * weights adding up to 0.
 */
final class RouteSpecCheck {
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private RouteSpecCheck() {}

    static Optional<String> problem(RouteSpec route) {
        if (route == null) {
            return Optional.of("is null");
        }
        return firstOf(match(route), headers(route.headers()), destination(route),
                negative("timeout_ms", route.timeoutMs()), retry(route.retryPolicy()));
    }

    private static Optional<String> match(RouteSpec route) {
        if ((route.prefix() == null) == (route.path() == null)) {
            return Optional.of("needs exactly one of prefix or path");
        }
        return Optional.empty();
    }

    private static Optional<String> headers(List<HeaderMatch> headers) {
        for (HeaderMatch header : headers == null ? List.<HeaderMatch>of() : headers) {
            if (header == null || header.name() == null || header.name().isBlank()) {
                return Optional.of("has a header match without a name");
            }
            if ((header.exact() == null) == (header.present() == null)) {
                return Optional.of("header match '" + header.name() + "' needs exactly one of exact or present");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> destination(RouteSpec route) {
        if ((route.cluster() == null) == (route.weightedClusters() == null)) {
            return Optional.of("needs exactly one of cluster or weighted_clusters");
        }
        if (route.weightedClusters() == null) {
            return Optional.empty();
        }
        long total = 0;
        for (WeightedCluster weighted : route.weightedClusters()) {
            if (weighted == null || weighted.cluster() == null || weighted.weight() == null || weighted.weight() < 0) {
                return Optional.of("has a weighted cluster without a name or a weight of 0 or more");
            }
            total += weighted.weight();
        }
        if (total == 0 || total > MAX_UINT32) {
            return Optional.of("has weighted_clusters adding up to " + total + "; Envoy needs 1 to " + MAX_UINT32);
        }
        return Optional.empty();
    }

    private static Optional<String> retry(RetryPolicy retry) {
        if (retry == null) {
            return Optional.empty();
        }
        return firstOf(negative("retry_policy.num_retries", retry.numRetries() == null ? null : (long) retry.numRetries()),
                negative("retry_policy.per_try_timeout_ms", retry.perTryTimeoutMs()));
    }

    private static Optional<String> negative(String field, Long value) {
        return value != null && value < 0 ? Optional.of("has a negative " + field) : Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> firstOf(Optional<String>... problems) {
        for (Optional<String> problem : problems) {
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }
}
