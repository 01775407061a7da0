package io.flowplane.bench.xds;

import java.util.Map;
import java.util.TreeMap;

/** Just enough of the Prometheus text format: a sample's value, a histogram's buckets. */
final class Prometheus {
    private Prometheus() {}

    /** Sum of all samples of {@code metric} whose labels contain {@code labelFilter} (may be empty). */
    static double value(String text, String metric, String labelFilter) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            if (!(rest.startsWith(" ") || rest.startsWith("{"))) {
                continue;
            }
            if (!labelFilter.isEmpty() && !rest.contains(labelFilter)) {
                continue;
            }
            sum += sampleValue(line);
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("no metric " + metric);
        }
        return sum;
    }

    static double value(String text, String metric) {
        return value(text, metric, "");
    }

    /** Like {@link #value(String, String, String)}, 0 when there is no such sample. */
    static double valueOr(String text, String metric, String labelFilter) {
        try {
            return value(text, metric, labelFilter);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    static boolean has(String text, String metric) {
        for (String line : text.split("\n")) {
            if (line.startsWith(metric)) {
                return true;
            }
        }
        return false;
    }

    /** Cumulative bucket counts by upper bound, summed over all other labels. */
    static TreeMap<Double, Double> buckets(String text, String histogram, String labelFilter) {
        TreeMap<Double, Double> out = new TreeMap<>();
        String prefix = histogram + "_bucket{";
        for (String line : text.split("\n")) {
            if (!line.startsWith(prefix) || !line.contains(labelFilter)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            if (le < 0) {
                continue;
            }
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            out.merge(upper, sampleValue(line), Double::sum);
        }
        return out;
    }

    /**
     * Quantile q of the observations between two scrapes, interpolated linearly within its bucket
     * (as PromQL's histogram_quantile does); NaN without observations.
     */
    static double quantile(Map<Double, Double> before, TreeMap<Double, Double> after, double q) {
        double total = 0;
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            total = Math.max(total, e.getValue() - before.getOrDefault(e.getKey(), 0.0));
        }
        if (total == 0) {
            return Double.NaN;
        }
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            double cumulative = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (cumulative >= q * total) {
                if (Double.isInfinite(e.getKey())) {
                    return lower;
                }
                double inBucket = cumulative - below;
                return inBucket == 0 ? e.getKey() : lower + (e.getKey() - lower) * (q * total - below) / inBucket;
            }
            lower = e.getKey();
            below = cumulative;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The value of a sample line: "name{labels} value [timestamp]" or "name value [timestamp]". */
    private static double sampleValue(String line) {
        int end = line.indexOf('{') >= 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
        return Double.parseDouble(line.substring(end).trim().split("\\s+")[0]);
    }
}
