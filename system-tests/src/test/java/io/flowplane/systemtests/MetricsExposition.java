package io.flowplane.systemtests;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One scrape in the Prometheus text format: each family's declared type ({@code # TYPE}), so a family
 * registered without samples yet still counts, and the name of every sample.
 */
final class MetricsExposition {
    private final Map<String, String> typeByFamily = new HashMap<>();
    private final Set<String> sampleNames = new HashSet<>();

    static MetricsExposition parse(String text) {
        MetricsExposition exposition = new MetricsExposition();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).trim().split("\\s+");
                exposition.typeByFamily.put(parts[0], parts.length > 1 ? parts[1] : "untyped");
            } else if (!line.isBlank() && !line.startsWith("#")) {
                exposition.sampleNames.add(line.split("[{\\s]", 2)[0]);
            }
        }
        return exposition;
    }

    /**
     * Whether a query can read {@code name} here: a sample name, a declared family, or a declared family
     * with the series suffix its type produces (histogram {@code _bucket}/{@code _sum}/{@code _count},
     * summary {@code _sum}/{@code _count}, counter {@code _total}).
     */
    boolean exports(String name) {
        if (sampleNames.contains(name) || typeByFamily.containsKey(name)) {
            return true;
        }
        return hasFamily(name, "_bucket", "histogram")
                || hasFamily(name, "_sum", "histogram") || hasFamily(name, "_count", "histogram")
                || hasFamily(name, "_sum", "summary") || hasFamily(name, "_count", "summary")
                || hasFamily(name, "_total", "counter");
    }

    private boolean hasFamily(String name, String suffix, String type) {
        return name.endsWith(suffix)
                && type.equals(typeByFamily.get(name.substring(0, name.length() - suffix.length())));
    }

    boolean isEmpty() {
        return typeByFamily.isEmpty() && sampleNames.isEmpty();
    }

    /** Declared families, for failure messages. */
    Set<String> families() {
        return new TreeSet<>(typeByFamily.keySet());
    }
}
