package io.flowplane.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * One route as the API accepts and stores it: a match (prefix or path, plus optional headers), a
 * destination (one cluster or weighted clusters), a timeout and a retry policy.
 *
 * <p>Stored in the same {@code route_configs.virtual_hosts} jsonb as {@link RouteRule}, whose four
 * fields keep their names and meaning; readers of {@link RouteRule} ignore the others. A weighted
 * route has no {@code cluster}, so an older translator skips it rather than misroute it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteSpec(
        String prefix,
        String path,
        List<HeaderMatch> headers,
        String cluster,
        List<WeightedCluster> weightedClusters,
        Long timeoutMs,
        RetryPolicy retryPolicy) {

    public static RouteSpec of(RouteRule rule) {
        return new RouteSpec(rule.prefix(), rule.path(), null, rule.cluster(), null, rule.timeoutMs(), null);
    }

    /** The legacy four-field view. */
    public RouteRule toRule() {
        return new RouteRule(prefix, path, cluster, timeoutMs);
    }

    /** Every cluster this route can send traffic to. */
    public List<String> clusterNames() {
        List<String> names = new ArrayList<>();
        if (cluster != null) {
            names.add(cluster);
        }
        if (weightedClusters != null) {
            weightedClusters.stream().filter(w -> w != null && w.cluster() != null).forEach(w -> names.add(w.cluster()));
        }
        return names;
    }
}
