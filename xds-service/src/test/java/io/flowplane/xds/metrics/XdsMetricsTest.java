package io.flowplane.xds.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.source.LoadStatus;
import io.prometheus.client.CollectorRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class XdsMetricsTest {
    private final CollectorRegistry registry = new CollectorRegistry();
    private final AtomicReference<LoadStatus> load = new AtomicReference<>(LoadStatus.NOT_LOADED);
    private final XdsMetrics metrics = new XdsMetrics(registry, new StreamRegistry(), load::get);

    @Test
    void countsPushesAndNacksByShortTypeName() {
        metrics.pushed(TypeUrls.CLUSTER);
        metrics.pushed(TypeUrls.CLUSTER);
        metrics.nacked(TypeUrls.ROUTE);

        assertThat(sample("flowplane_xds_pushes_total", "cds")).isEqualTo(2.0);
        assertThat(sample("flowplane_xds_nacks_total", "rds")).isEqualTo(1.0);
    }

    @Test
    void everyTypeHasItsCountersAtZeroBeforeTheFirstEvent() {
        for (String type : new String[] {"lds", "rds", "cds", "eds"}) {
            assertThat(sample("flowplane_xds_pushes_total", type)).as(type).isEqualTo(0.0);
            assertThat(sample("flowplane_xds_nacks_total", type)).as(type).isEqualTo(0.0);
        }
    }

    @Test
    void theConfigSourceIsHealthyOnlyWhileLoadedAndPollsSucceed() {
        assertThat(registry.getSampleValue("flowplane_xds_config_source_healthy")).isEqualTo(0.0);
        load.set(new LoadStatus(17L, Instant.now(), true, null, null));
        assertThat(registry.getSampleValue("flowplane_xds_config_source_healthy")).isEqualTo(1.0);
        load.set(new LoadStatus(17L, Instant.now(), false, "connection refused", Instant.now()));
        assertThat(registry.getSampleValue("flowplane_xds_config_source_healthy")).isEqualTo(0.0);
    }

    @Test
    void gaugesAreReadWhenScraped() {
        assertThat(registry.getSampleValue("flowplane_xds_config_revision")).isEqualTo(-1.0);
        assertThat(registry.getSampleValue("flowplane_xds_connected_dataplanes")).isEqualTo(0.0);
        assertThat(registry.getSampleValue("flowplane_xds_connected_streams")).isEqualTo(0.0);

        load.set(new LoadStatus(17L, Instant.now(), true, null, null));

        assertThat(registry.getSampleValue("flowplane_xds_config_revision")).isEqualTo(17.0);
    }

    @Test
    void syncLatencyIsAHistogramByType() {
        metrics.synced(TypeUrls.LISTENER, java.time.Duration.ofMillis(300));
        metrics.synced(TypeUrls.LISTENER, java.time.Duration.ofMillis(-5));

        assertThat(sample("flowplane_xds_config_sync_latency_seconds_count", "lds")).isEqualTo(2.0);
        assertThat(sample("flowplane_xds_config_sync_latency_seconds_sum", "lds")).isEqualTo(0.3);
        assertThat(bucket("lds", "0.25")).isEqualTo(1.0);
    }

    @Test
    void syncLatencyHasFineBucketsBelowOneHundredFiftyMilliseconds() {
        metrics.synced(TypeUrls.ENDPOINT, java.time.Duration.ofMillis(12));

        assertThat(bucket("eds", "0.01")).isEqualTo(0.0);
        assertThat(bucket("eds", "0.015")).isEqualTo(1.0);
        assertThat(bucket("eds", "0.005")).isEqualTo(0.0);
        assertThat(bucket("eds", "0.15")).isEqualTo(1.0);
        assertThat(bucket("eds", "60.0")).isEqualTo(1.0);
    }

    private Double bucket(String type, String le) {
        return registry.getSampleValue("flowplane_xds_config_sync_latency_seconds_bucket",
                new String[] {"type", "le"}, new String[] {type, le});
    }

    private Double sample(String name, String type) {
        return registry.getSampleValue(name, new String[] {"type"}, new String[] {type});
    }
}
