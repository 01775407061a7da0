package io.flowplane.xds.ads;

import io.flowplane.xds.snapshot.ResourceSelection;
import io.flowplane.xds.snapshot.VersionedResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Make-before-break for one state-of-the-world stream's clusters. Envoy answers 503 (no cluster) for a route to
 * a cluster it does not hold active: one removed, or one new and still warming until its endpoints come. When
 * a change moves routes from cluster A to a new cluster B, the dataplane's configuration drops A and adds B at
 * once, so:
 * <ul>
 *   <li>a cluster that left the configuration stays in this stream's CDS for a while (xds.clusterRetention), for the
 *       listeners and routes that still name it (the replaced listener drains, the new routes are not there yet);
 *   <li>when a CDS response brings EDS clusters Envoy did not hold, listeners and routes are held back until their
 *       endpoints were sent (Envoy asks for them once it has the clusters), or for {@link #HOLD_LIMIT} at most.
 * </ul>
 * Synchronized: the stream's executor changes it, and in-sync checks read the clusters from other threads.
 */
final class ClusterHandover {
    static final Duration DEFAULT_RETENTION = Duration.ofSeconds(60);
    static final Duration HOLD_LIMIT = Duration.ofSeconds(10);

    /** The clusters of the last CDS response sent, by name. */
    private final Map<String, VersionedResource> onEnvoy = new TreeMap<>();
    /** Clusters on Envoy that the configuration no longer has, and since when. */
    private final Map<String, Instant> leftAt = new HashMap<>();
    /** New EDS clusters whose endpoints were not sent yet; listeners and routes wait for them. */
    private final Set<String> awaitingEndpoints = new HashSet<>();
    private Instant holdingSince;
    private boolean sentBefore;
    private final Duration retention;

    ClusterHandover() {
        this(DEFAULT_RETENTION);
    }

    ClusterHandover(Duration retention) {
        this.retention = retention;
    }

    /** What to send as CDS: the configuration's clusters, and those that left it less than the retention ago. */
    synchronized ResourceSelection clusters(ResourceSelection configured, Instant now) {
        Set<String> wanted = new HashSet<>(configured.names());
        leftAt.keySet().removeIf(name -> wanted.contains(name) || !onEnvoy.containsKey(name));
        List<VersionedResource> toSend = new ArrayList<>(configured.resources());
        for (VersionedResource cluster : onEnvoy.values()) {
            if (!wanted.contains(cluster.name())
                    && leftAt.computeIfAbsent(cluster.name(), name -> now).plus(retention).isAfter(now)) {
                toSend.add(cluster);
            }
        }
        if (toSend.size() == configured.resources().size()) {
            return configured;
        }
        toSend.sort(Comparator.comparing(VersionedResource::name));
        return ResourceSelection.of(toSend);
    }

    /**
     * Records a CDS response sent. Clusters Envoy did not hold that take endpoints by EDS ({@code edsClusters})
     * hold listeners and routes back. The first response of a stream holds nothing: what Envoy holds is unknown,
     * and at start Envoy itself initializes clusters before listeners.
     */
    synchronized void clustersSent(ResourceSelection sent, Set<String> edsClusters, Instant now) {
        boolean first = !sentBefore;
        sentBefore = true;
        Set<String> added = new HashSet<>(sent.names());
        added.removeAll(onEnvoy.keySet());
        onEnvoy.clear();
        sent.resources().forEach(cluster -> onEnvoy.put(cluster.name(), cluster));
        awaitingEndpoints.retainAll(onEnvoy.keySet());
        if (!first) {
            added.retainAll(edsClusters);
            awaitingEndpoints.addAll(added);
        }
        if (!awaitingEndpoints.isEmpty() && holdingSince == null) {
            holdingSince = now;
        }
    }

    /** Records an EDS response sent: the clusters it carries are no longer awaited. */
    synchronized void endpointsSent(ResourceSelection sent) {
        sent.names().forEach(awaitingEndpoints::remove);
        if (awaitingEndpoints.isEmpty()) {
            holdingSince = null;
        }
    }

    /** Envoy rejected the clusters: nothing will warm, so nothing is awaited. */
    synchronized void clustersRejected() {
        awaitingEndpoints.clear();
        holdingSince = null;
    }

    /** Whether listeners and routes wait now; a hold past HOLD_LIMIT is given up rather than kept forever. */
    synchronized boolean holdsRoutes(Instant now) {
        if (holdingSince != null && holdingSince.plus(HOLD_LIMIT).isBefore(now)) {
            clustersRejected();
        }
        return holdingSince != null;
    }
}
