package io.flowplane.xds.it;

import io.flowplane.testkit.Envoy;
import io.flowplane.testkit.Upstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Per test: a fresh database, an upstream that answers with a fixed body, an xds-service on the
 * database, and the one Envoy the test starts (closed afterwards if it did).
 */
abstract class OneEnvoyTestBase {
    private final String upstreamBody;
    protected StoreDatabase db;
    protected Upstream upstream;
    protected XdsServer xds;
    protected Envoy envoy;

    protected OneEnvoyTestBase(String upstreamBody) {
        this.upstreamBody = upstreamBody;
    }

    @BeforeEach
    void startDatabaseUpstreamAndXds() {
        db = StoreDatabase.create();
        upstream = Upstream.answering(upstreamBody);
        xds = XdsServer.start(db.primaryUrl);
    }

    @AfterEach
    void stopEverything() {
        if (envoy != null) {
            envoy.close();
        }
        xds.close();
        upstream.close();
        db.close();
    }
}
