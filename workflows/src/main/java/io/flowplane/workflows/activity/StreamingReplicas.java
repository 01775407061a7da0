package io.flowplane.workflows.activity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which replicas a primary streams to, from its {@code pg_stat_replication}.
 *
 * @param syncStates replica (application_name) -> sync_state ("sync", "potential", "quorum" or "async"), of those streaming
 * @param missing    replicas asked about that were not streaming when the wait ended
 */
public record StreamingReplicas(String primary, Long timeline, Map<String, String> syncStates, List<String> missing) {
    public StreamingReplicas {
        // In the order asked, so what the runbook says does not change between replays.
        syncStates = syncStates == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(syncStates));
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    public boolean streams(String replica) {
        return syncStates.containsKey(replica);
    }
}
