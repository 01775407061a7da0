package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void aBareSelectorAndAComparisonWithAnotherSelector() {
        assertThat(PromQlMetricNames.in("flowplane_xds_connected_dataplanes < expected_count"))
                .containsExactly("flowplane_xds_connected_dataplanes", "expected_count");
    }

    @Test
    void functionsAggregationsGroupingLabelsMatchersAndRangesAreNotMetrics() {
        assertThat(PromQlMetricNames.in("""
                histogram_quantile(0.99,
                  sum by (job, instance, le) (rate(flowplane_xds_config_sync_latency_seconds_bucket{type="eds"}[10m]))) > 1"""))
                .containsExactly("flowplane_xds_config_sync_latency_seconds_bucket");
    }

    @Test
    void vectorMatchingOffsetsAndSetOperators() {
        assertThat(PromQlMetricNames.in("""
                (a < on() group_left() max(a)) and changes(a[10m]) == 0
                or sum without (instance) (b unless b offset 30m) > 0
                or c * ignoring(x) group_right(y) d"""))
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void stringsCommentsAndGrafanaVariablesAreSkipped() {
        assertThat(PromQlMetricNames.in("""
                # a comment naming not_a_metric
                label_replace(up{job=~"flowplane-(api|xds)", x='}'}, "dst", "$1", "src", "(.*)")
                  / rate(e_total[$__rate_interval]) > ${threshold} + 1e3"""))
                .containsExactly("up", "e_total");
    }

    @Test
    void keywordsAreCaseInsensitiveMetricNamesAreNot() {
        assertThat(PromQlMetricNames.in("SUM BY (job) (Foo) AND bar")).containsExactly("Foo", "bar");
    }

    @Test
    void aMisspeltFunctionIsRefusedRatherThanTakenForAMetric() {
        assertThatThrownBy(() -> PromQlMetricNames.in("sum(rat(x[5m]))"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rat()");
    }
}
