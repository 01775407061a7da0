package io.flowplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.api.testing.LiveApi;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetConfig;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.store.RevisionStore;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the API stores, the xDS side reads: the legacy RouteRule view and the full RouteSpec view. */
class RouteModelCompatibilityIT {
    @RegisterExtension
    static final LiveApi API = new LiveApi();

    @Test
    void extendedRoutesStayReadableThroughTheLegacyFleetView() {
        API.created("/api/v1/teams", "{\"name\": \"platform\"}");
        API.created("/api/v1/clusters", "{\"team\": \"platform\", \"name\": \"a\", \"endpoints\": [{\"host\": \"10.0.0.1\", \"port\": 80}]}");
        API.created("/api/v1/clusters", "{\"team\": \"platform\", \"name\": \"b\", \"endpoints\": [{\"host\": \"10.0.0.2\", \"port\": 80}]}");
        API.created("/api/v1/route-configs", """
                {"team": "platform", "name": "edge", "virtual_hosts": [{"name": "all", "domains": ["*"], "routes": [
                  {"prefix": "/split", "weighted_clusters": [{"cluster": "a", "weight": 3}, {"cluster": "b", "weight": 1}]},
                  {"path": "/exact", "headers": [{"name": "x-env", "exact": "prod"}], "cluster": "a", "timeout_ms": 2000,
                   "retry_policy": {"retry_on": "5xx", "num_retries": 2}}]}]}""");

        DatabaseUrl url = DatabaseUrl.parse(API.database().primaryUrl());
        RevisionStore revisions = new RevisionStore(Jdbi.create(url.jdbcUrl(), url.user(), url.password()));

        FleetConfig fleet = revisions.loadFleet();
        RouteConfig legacy = fleet.routeConfigs().get(0);
        List<RouteRule> rules = legacy.virtualHosts().get(0).routes();
        assertThat(rules.get(0)).isEqualTo(new RouteRule("/split", null, null, null));
        assertThat(rules.get(1)).isEqualTo(new RouteRule(null, "/exact", "a", 2000L));

        DetailedFleet detailed = revisions.loadDetailedFleet();
        assertThat(detailed.config().revision()).isEqualTo(fleet.revision());
        RouteConfigSpec spec = detailed.routeConfigSpecs().get(0);
        List<RouteSpec> routes = spec.virtualHosts().get(0).routes();
        assertThat(routes.get(0).weightedClusters()).extracting(w -> w.cluster() + "=" + w.weight()).containsExactly("a=3", "b=1");
        assertThat(routes.get(1).headers().get(0).exact()).isEqualTo("prod");
        assertThat(routes.get(1).retryPolicy().numRetries()).isEqualTo(2);
        assertThat(routes.get(1).toRule()).isEqualTo(rules.get(1));
        assertThat(spec.clusterNames()).containsExactly("a", "b");
    }
}
