package io.flowplane.xds.metrics;

import io.flowplane.xds.ads.AdsEvents;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.source.LoadStatus;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** Prometheus metrics of the xDS service. Gauges are computed when scraped. */
public final class XdsMetrics implements AdsEvents {
    /** Fine steps up to 150 ms, where a propagation goal (p99 of tens of milliseconds) is judged. */
    static final double[] SYNC_LATENCY_BUCKETS = {
        0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private final Counter pushes;
    private final Counter nacks;
    private final Histogram syncLatency;
    private final Counter refusedStreams;

    public XdsMetrics(CollectorRegistry registry, StreamRegistry streams, Supplier<LoadStatus> loadStatus) {
        this(registry, streams, loadStatus, false);
    }

    public XdsMetrics(CollectorRegistry registry, StreamRegistry streams, Supplier<LoadStatus> loadStatus,
            boolean unauthenticatedDataplanesAllowed) {
        callbackGauge("flowplane_xds_unauthenticated_dataplanes_allowed",
                "1 when ADS streams that prove no dataplane (no credential, no client certificate) are served "
                        + "(xds.allowUnauthenticatedDataplanes)", () -> unauthenticatedDataplanesAllowed ? 1 : 0)
                .register(registry);
        refusedStreams = Counter.build("flowplane_xds_streams_refused_total",
                        "ADS streams the server ended for what the client presented or sent, by gRPC status "
                                + "(UNAUTHENTICATED: no, a bad or a revoked credential; PERMISSION_DENIED: a node "
                                + "claiming a dataplane it did not prove; RESOURCE_EXHAUSTED: over a limit; "
                                + "INVALID_ARGUMENT: a malformed request)")
                .labelNames("code").register(registry);
        callbackGauge("flowplane_xds_connected_dataplanes",
                "Distinct bound dataplanes with at least one open ADS stream", streams::connectedDataplanes)
                .register(registry);
        callbackGauge("flowplane_xds_connected_streams", "Open ADS streams", streams::streamCount)
                .register(registry);
        callbackGauge("flowplane_xds_config_revision", "Configuration revision being served (-1 before the first load)",
                () -> {
                    Long revision = loadStatus.get().revision();
                    return revision == null ? -1 : revision;
                }).register(registry);
        callbackGauge("flowplane_xds_config_source_healthy",
                "1 when the last poll of the configuration database succeeded and a configuration is served; 0 while "
                        + "it fails (the last good snapshot stays in service) or before the first load",
                () -> loadStatus.get().healthy() ? 1 : 0).register(registry);
        pushes = Counter.build("flowplane_xds_pushes_total", "xDS responses sent, by type (lds, rds, cds, eds)")
                .labelNames("type").register(registry);
        nacks = Counter.build("flowplane_xds_nacks_total", "xDS responses rejected by Envoy, by type")
                .labelNames("type").register(registry);
        // Series exist at 0 from the start, so increase() sees the first push or NACK of each type.
        for (String typeUrl : TypeUrls.PUSH_ORDER) {
            pushes.labels(TypeUrls.shortName(typeUrl));
            nacks.labels(TypeUrls.shortName(typeUrl));
        }
        syncLatency = Histogram.build("flowplane_xds_config_sync_latency_seconds",
                        "From the commit of a configuration revision to the ACK of the push carrying it, by type")
                .labelNames("type")
                .buckets(SYNC_LATENCY_BUCKETS)
                .register(registry);
    }

    private static Gauge callbackGauge(String name, String help, DoubleSupplier value) {
        Gauge gauge = Gauge.build(name, help).create();
        gauge.setChild(new Gauge.Child() {
            @Override
            public double get() {
                return value.getAsDouble();
            }
        });
        return gauge;
    }

    @Override
    public void refused(io.grpc.Status.Code code) {
        refusedStreams.labels(code.name()).inc();
    }

    @Override
    public void pushed(String typeUrl) {
        pushes.labels(TypeUrls.shortName(typeUrl)).inc();
    }

    @Override
    public void nacked(String typeUrl) {
        nacks.labels(TypeUrls.shortName(typeUrl)).inc();
    }

    /** Negative durations (clock skew between database and service) count as zero. */
    @Override
    public void synced(String typeUrl, Duration sinceCommit) {
        syncLatency.labels(TypeUrls.shortName(typeUrl)).observe(Math.max(0, sinceCommit.toNanos()) / 1e9);
    }
}
