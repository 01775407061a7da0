package io.flowplane.workflows.activity;

import java.util.Map;
import java.util.TreeMap;

/** Flowplane's configuration revision and the row count of each table, read from one member. */
public record ConfigSnapshot(String member, long revision, Map<String, Long> counts) {
    public ConfigSnapshot {
        counts = new TreeMap<>(counts);
    }

    /** True when revision and every count match; the member name is not compared. */
    public boolean sameContentAs(ConfigSnapshot other) {
        return other != null && revision == other.revision && counts.equals(other.counts);
    }
}
