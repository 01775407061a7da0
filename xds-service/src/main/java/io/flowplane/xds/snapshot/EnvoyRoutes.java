package io.flowplane.xds.snapshot;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.flowplane.core.model.HeaderMatch;
import io.flowplane.core.model.RouteSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Translates one {@link RouteSpec} that passed {@link RouteSpecCheck} into an Envoy v3 route. Pure functions. */
final class EnvoyRoutes {
    private EnvoyRoutes() {}

    static Route route(RouteSpec spec) {
        return Route.newBuilder().setMatch(match(spec)).setRoute(action(spec)).build();
    }

    static RouteMatch match(RouteSpec spec) {
        RouteMatch.Builder match = RouteMatch.newBuilder();
        if (spec.prefix() != null) {
            match.setPrefix(spec.prefix());
        } else {
            match.setPath(spec.path());
        }
        for (HeaderMatch header : nullToEmpty(spec.headers())) {
            match.addHeaders(headerMatcher(header));
        }
        return match.build();
    }

    static HeaderMatcher headerMatcher(HeaderMatch header) {
        HeaderMatcher.Builder matcher = HeaderMatcher.newBuilder().setName(header.name());
        if (header.exact() != null) {
            return matcher.setStringMatch(StringMatcher.newBuilder().setExact(header.exact())).build();
        }
        // present: false means the header must be absent: presence, inverted.
        return matcher.setPresentMatch(true).setInvertMatch(!header.present()).build();
    }

    static RouteAction action(RouteSpec spec) {
        RouteAction.Builder action = RouteAction.newBuilder();
        if (spec.cluster() != null) {
            action.setCluster(spec.cluster());
        } else {
            action.setWeightedClusters(weightedClusters(spec.weightedClusters()));
        }
        if (spec.timeoutMs() != null) {
            action.setTimeout(EnvoyResources.millis(spec.timeoutMs()));
        }
        if (spec.retryPolicy() != null) {
            action.setRetryPolicy(retryPolicy(spec.retryPolicy()));
        }
        return action.build();
    }

    /** Zero-weight members stay listed: they get no traffic, and their cluster stays warm for the next shift. */
    static WeightedCluster weightedClusters(List<io.flowplane.core.model.WeightedCluster> members) {
        WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
        for (io.flowplane.core.model.WeightedCluster member : members) {
            weighted.addClusters(WeightedCluster.ClusterWeight.newBuilder()
                    .setName(member.cluster())
                    .setWeight(UInt32Value.of(member.weight())));
        }
        return weighted.build();
    }

    static RetryPolicy retryPolicy(io.flowplane.core.model.RetryPolicy spec) {
        RetryPolicy.Builder retry = RetryPolicy.newBuilder();
        if (spec.retryOn() != null) {
            retry.setRetryOn(normalizedConditions(spec.retryOn()));
        }
        if (spec.numRetries() != null) {
            retry.setNumRetries(UInt32Value.of(spec.numRetries()));
        }
        if (spec.perTryTimeoutMs() != null) {
            retry.setPerTryTimeout(EnvoyResources.millis(spec.perTryTimeoutMs()));
        }
        return retry.build();
    }

    /** "5xx, reset" and "5xx,reset" mean the same to the API; send one spelling so versions agree. */
    private static String normalizedConditions(String retryOn) {
        return Arrays.stream(retryOn.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .collect(Collectors.joining(","));
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
