package io.flowplane.xds.it;

import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Endpoint;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import io.flowplane.testkit.Http;
import java.time.Duration;
import java.util.List;

/**
 * One dataplane with listener → route config → cluster → an upstream, created through the core stores, and
 * the dataplane's xDS credential.
 */
record Gateway(Dataplane dataplane, Listener listener, RouteConfig routeConfig, String credential) {
    static void team(StoreDatabase db, String team) {
        db.teams().create(team, "integration test");
    }

    /** Names are prefixed with {@code name}; the listener listens on 127.0.0.1:{@code listenerPort}. */
    static Gateway create(StoreDatabase db, String team, String name, int upstreamPort, int listenerPort) {
        Dataplane dataplane = db.dataplanes().create(team, name, null, null, List.of());
        db.clusters().create(team, name + "-backend", List.of(new Endpoint("127.0.0.1", upstreamPort)), 1000);
        RouteConfig routes = db.routeConfigs().create(team, name + "-routes", List.of(new VirtualHost("all",
                List.of("*"), List.of(new RouteRule("/", null, name + "-backend", null)))));
        Listener listener = db.listeners().create(team, name + "-listener", "127.0.0.1", listenerPort, dataplane.id(),
                name + "-routes");
        String credential = db.dataplanes().issueCredential(dataplane.id(), Duration.ZERO).orElseThrow().secret();
        return new Gateway(dataplane, listener, routes, credential);
    }

    /** Requests to the listener's port, through Envoy. */
    Http throughListener() {
        return Http.localhost(listener.port());
    }
}
