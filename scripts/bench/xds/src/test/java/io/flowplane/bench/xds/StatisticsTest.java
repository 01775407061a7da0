package io.flowplane.bench.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The arithmetic behind the xDS benchmark's tables: nearest-rank percentiles and histogram quantiles. */
class StatisticsTest {
    @Test
    void percentilesAreNearestRank() {
        Stats stats = new Stats();
        stats.addAll(List.of(5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 9.0, 8.0, 7.0, 6.0));
        assertThat(stats.p(0.5)).isEqualTo(5.0);
        assertThat(stats.p(0.9)).isEqualTo(9.0);
        assertThat(stats.p(0.99)).isEqualTo(10.0);
        assertThat(stats.p(0.01)).isEqualTo(1.0);
        assertThat(stats.min()).isEqualTo(1.0);
        assertThat(stats.max()).isEqualTo(10.0);
        assertThat(stats.mean()).isEqualTo(5.5);
        assertThat(stats.row()).isEqualTo("10 | 1.00 | 5.00 | 9.00 | 10.0 | 10.0");
    }

    @Test
    void noSamplesAreNotANumberAndShownAsNotAvailable() {
        Stats empty = new Stats();
        assertThat(empty.p(0.5)).isNaN();
        assertThat(empty.row()).isEqualTo("0 | n/a | n/a | n/a | n/a | n/a");
        assertThat(Stats.f(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Stats.f(123.4)).isEqualTo("123");
    }

    @Test
    void aHistogramQuantileIsInterpolatedInItsBucketBetweenTwoScrapes() {
        // 10 observations before; then 100 more: 50 at or below 5 ms, 40 in (5, 10], 10 in (10, 25].
        Map<Double, Double> before = Map.of(0.005, 10.0, 0.010, 10.0, 0.025, 10.0, Double.POSITIVE_INFINITY, 10.0);
        TreeMap<Double, Double> after = new TreeMap<>(Map.of(0.005, 60.0, 0.010, 100.0, 0.025, 110.0,
                Double.POSITIVE_INFINITY, 110.0));
        assertThat(Prometheus.quantile(before, after, 0.5)).isCloseTo(0.005, within(1e-12));
        assertThat(Prometheus.quantile(before, after, 0.7)).isCloseTo(0.005 + 0.005 * 20 / 40, within(1e-12));
        assertThat(Prometheus.quantile(before, after, 0.95)).isCloseTo(0.010 + 0.015 * 5 / 10, within(1e-12));
        assertThat(Prometheus.quantile(before, new TreeMap<>(before), 0.5))
                .as("no new observations").isNaN();
    }

    @Test
    void bucketsAreReadFromTheTextFormatAndSummedOverOtherLabels() {
        String text = """
                # TYPE x_seconds histogram
                x_seconds_bucket{type="cds",le="0.005"} 1.0
                x_seconds_bucket{type="lds",le="0.005"} 2.0
                x_seconds_bucket{type="cds",le="+Inf"} 3.0
                x_seconds_bucket{type="lds",le="+Inf"} 4.0
                x_seconds_count{type="cds"} 3.0
                """;
        assertThat(Prometheus.buckets(text, "x_seconds", "")).containsExactly(
                Map.entry(0.005, 3.0), Map.entry(Double.POSITIVE_INFINITY, 7.0));
        assertThat(Prometheus.buckets(text, "x_seconds", "type=\"cds\"")).containsEntry(Double.POSITIVE_INFINITY, 3.0);
        assertThat(Prometheus.value(text, "x_seconds_count")).isEqualTo(3.0);
    }
}
