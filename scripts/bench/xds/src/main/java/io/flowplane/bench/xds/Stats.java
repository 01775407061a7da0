package io.flowplane.bench.xds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Latency samples in milliseconds; nearest-rank percentiles. */
final class Stats {
    final List<Double> ms = new ArrayList<>();
    int missing;

    void add(double millis) {
        ms.add(millis);
    }

    void addAll(Collection<Double> millis) {
        ms.addAll(millis);
    }

    int count() {
        return ms.size();
    }

    double p(double q) {
        if (ms.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    double min() {
        return ms.isEmpty() ? Double.NaN : Collections.min(ms);
    }

    double max() {
        return ms.isEmpty() ? Double.NaN : Collections.max(ms);
    }

    double mean() {
        return ms.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static String f(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return "+Inf";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** One table row: n, min, p50, p90, p99, max (ms). */
    String row() {
        return count() + " | " + f(min()) + " | " + f(p(0.5)) + " | " + f(p(0.9)) + " | " + f(p(0.99)) + " | "
                + f(max());
    }
}
