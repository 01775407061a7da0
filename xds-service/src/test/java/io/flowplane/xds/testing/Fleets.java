package io.flowplane.xds.testing;

import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DataplaneCredential;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.FleetConfig;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.RouteSpec;
import io.flowplane.core.model.Secrets;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.core.model.VirtualHostSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds fleet configurations for tests. */
public final class Fleets {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    public static final String SECRET_A = "fpdp_secret-of-dataplane-a";
    public static final String SECRET_B = "fpdp_secret-of-dataplane-b";

    private final List<Dataplane> dataplanes = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<RouteConfigSpec> routeConfigs = new ArrayList<>();
    private final List<Listener> listeners = new ArrayList<>();
    private long revision = 1;

    public static Fleets fleet() {
        return new Fleets();
    }

    /**
     * Two dataplanes of team "payments": dp_a (node cluster "eu-west") with listener "ingress-a" →
     * "routes-a" → "backend-a" (IP endpoints, EDS), and dp_b ("us-east") with "ingress-b" → "routes-b"
     * → "backend-b" (hostname, STRICT_DNS).
     */
    public static Fleets twoDataplanes() {
        return fleet()
                .dataplane("dp_a", "payments", "eu-west")
                .dataplane("dp_b", "payments", "us-east")
                .credential("dp_a", SECRET_A, null)
                .credential("dp_b", SECRET_B, null)
                .listener("payments", "ingress-a", 10000, "dp_a", "routes-a")
                .routeConfig("payments", "routes-a", "backend-a")
                .cluster("payments", "backend-a", new Endpoint("10.0.0.1", 8080))
                .listener("payments", "ingress-b", 10000, "dp_b", "routes-b")
                .routeConfig("payments", "routes-b", "backend-b")
                .cluster("payments", "backend-b", new Endpoint("backend-b.internal", 8080));
    }

    public Fleets revision(long revision) {
        this.revision = revision;
        return this;
    }

    /** Takes every credential of dataplane {@code id} away, as a revocation does. */
    public Fleets withoutCredentials(String id) {
        dataplanes.replaceAll(dp -> !dp.id().equals(id) ? dp : new Dataplane(dp.id(), dp.team(), dp.name(),
                dp.gatewayHost(), dp.description(), dp.nodeClusters(), dp.version(), dp.createdAt(), dp.updatedAt()));
        return this;
    }

    /** Gives dataplane {@code id} (added earlier) a credential with this secret, valid until {@code expiresAt} (null: no end). */
    public Fleets credential(String id, String secret, Instant expiresAt) {
        for (int i = 0; i < dataplanes.size(); i++) {
            Dataplane dp = dataplanes.get(i);
            if (dp.id().equals(id)) {
                List<DataplaneCredential> credentials = new ArrayList<>(dp.credentials());
                credentials.add(new DataplaneCredential("dpc_" + id + "_" + credentials.size(), Secrets.sha256(secret),
                        T0, expiresAt));
                dataplanes.set(i, new Dataplane(dp.id(), dp.team(), dp.name(), dp.gatewayHost(), dp.description(),
                        dp.nodeClusters(), dp.version(), dp.createdAt(), dp.updatedAt(), credentials));
                return this;
            }
        }
        throw new IllegalArgumentException("no dataplane " + id + " yet");
    }

    public Fleets dataplane(String id, String team, String... nodeClusters) {
        dataplanes.add(new Dataplane(id, team, id + "-name", null, null, List.of(nodeClusters), 1, T0, T0));
        return this;
    }

    public Fleets listener(String team, String name, int port, String dataplaneId, String routeConfig) {
        listeners.removeIf(l -> l.team().equals(team) && l.name().equals(name));
        listeners.add(new Listener("lis_" + name, team, name, "0.0.0.0", port, dataplaneId, routeConfig, 1, T0, T0));
        return this;
    }

    /** One virtual host "default" for all domains with one prefix "/" route to the cluster. */
    public Fleets routeConfig(String team, String name, String cluster) {
        return routeConfig(team, name, new VirtualHost("default", List.of("*"),
                List.of(new RouteRule("/", null, cluster, null))));
    }

    /** Legacy four-field routes, stored as the route specs they are. */
    public Fleets routeConfig(String team, String name, VirtualHost... virtualHosts) {
        return routeConfig(team, name, Arrays.stream(virtualHosts)
                .map(vh -> new VirtualHostSpec(vh.name(), vh.domains(), vh.routes().stream().map(RouteSpec::of).toList()))
                .toArray(VirtualHostSpec[]::new));
    }

    public Fleets routeConfig(String team, String name, VirtualHostSpec... virtualHosts) {
        routeConfigs.removeIf(r -> r.team().equals(team) && r.name().equals(name));
        routeConfigs.add(new RouteConfigSpec("rc_" + name, team, name, List.of(virtualHosts), 1, T0, T0));
        return this;
    }

    public Fleets cluster(String team, String name, Endpoint... endpoints) {
        return cluster(team, name, 1000, endpoints);
    }

    public Fleets cluster(String team, String name, int connectTimeoutMs, Endpoint... endpoints) {
        clusters.removeIf(c -> c.team().equals(team) && c.name().equals(name));
        clusters.add(new Cluster("cl_" + name, team, name, List.of(endpoints), connectTimeoutMs, 1, T0, T0));
        return this;
    }

    /** Like {@code RevisionStore.loadDetailedFleet()}: specs, plus the legacy view of the same documents. */
    public DetailedFleet build() {
        FleetConfig config = new FleetConfig(revision, List.copyOf(dataplanes), List.copyOf(clusters),
                routeConfigs.stream().map(Fleets::legacyView).toList(), List.copyOf(listeners));
        return new DetailedFleet(config, List.copyOf(routeConfigs));
    }

    private static RouteConfig legacyView(RouteConfigSpec spec) {
        List<VirtualHost> virtualHosts = spec.virtualHosts().stream()
                .map(vh -> new VirtualHost(vh.name(), vh.domains(), vh.routes().stream().map(RouteSpec::toRule).toList()))
                .toList();
        return new RouteConfig(spec.id(), spec.team(), spec.name(), virtualHosts, spec.version(), spec.createdAt(),
                spec.updatedAt());
    }
}
