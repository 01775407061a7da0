package io.flowplane.xds.ads;

import io.flowplane.xds.snapshot.ResourceSelection;
import io.flowplane.xds.snapshot.ResourceSet;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.snapshot.VersionedResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Delta protocol state of one resource type on one stream: the subscription, what the client holds
 * (name to resource version), responses awaiting ACK, and resource versions the client rejected.
 * Confined to the stream's executor.
 */
final class DeltaTypeState implements ResourceTypeState {
    private static final String WILDCARD = "*";
    private static final int REMEMBERED_REJECTIONS = 256;
    private static final int REMEMBERED_IN_FLIGHT = 16;

    final String typeUrl;
    private final boolean wildcardType;
    private boolean subscribedOnce;
    private boolean wildcard;
    private final Set<String> names = new TreeSet<>();
    private final Map<String, String> held = new HashMap<>();
    private final Set<String> rejected = new LinkedHashSet<>();
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    private String lastSentVersion;
    private String lastAckedVersion;
    private Instant lastAckedAt;
    private Nack lastNack;
    private long responsesSent;

    /** One sent response: what it set (a null version is a removal) and what the client held before. */
    private record InFlight(String systemVersion, Map<String, String> sent, Map<String, String> previous,
            Instant committedAt) {}

    /** What one response would carry. {@code version} covers everything the client should hold afterwards. */
    record Changes(List<VersionedResource> updates, List<String> removals, String version) {}

    DeltaTypeState(String typeUrl) {
        this.typeUrl = typeUrl;
        this.wildcardType = TypeUrls.isWildcardType(typeUrl);
    }

    /**
     * Applies a request's subscription changes. A first request naming nothing subscribes LDS and CDS as
     * a wildcard (legacy); {@code *} subscribes or unsubscribes the wildcard explicitly. A newly
     * subscribed name is sent again unless the client reports holding it in initial_resource_versions.
     */
    void subscribe(Collection<String> subscribe, Collection<String> unsubscribe, Map<String, String> initialVersions) {
        if (!subscribedOnce) {
            subscribedOnce = true;
            wildcard = wildcardType && subscribe.isEmpty();
            held.putAll(initialVersions);
        }
        for (String name : subscribe) {
            if (WILDCARD.equals(name)) {
                wildcard = true;
            } else if (names.add(name) && !initialVersions.containsKey(name)) {
                held.remove(name);
            }
        }
        for (String name : unsubscribe) {
            if (WILDCARD.equals(name)) {
                wildcard = false;
            } else {
                names.remove(name);
                if (!wildcard) {
                    held.remove(name); // the client forgets it
                }
            }
        }
    }

    boolean isWildcard() {
        return wildcard;
    }

    int subscribedNames() {
        return names.size();
    }

    ResourceSelection desired(ResourceSet available) {
        return wildcard ? available.all() : available.select(names);
    }

    /** Resources whose version differs from what the client holds (rejected versions excepted), and removals. */
    Changes changes(ResourceSet available) {
        ResourceSelection desired = desired(available);
        List<VersionedResource> updates = new ArrayList<>();
        Set<String> desiredNames = new TreeSet<>();
        for (VersionedResource resource : desired.resources()) {
            desiredNames.add(resource.name());
            if (!resource.digest().equals(held.get(resource.name()))
                    && !rejected.contains(key(resource.name(), resource.digest()))) {
                updates.add(resource);
            }
        }
        List<String> removals = new ArrayList<>(new TreeSet<>(held.keySet()));
        removals.removeAll(desiredNames);
        return new Changes(updates, removals, desired.version());
    }

    /** Makes the named resources be sent again, e.g. endpoints of an updated cluster that Envoy warms. */
    void forget(Collection<String> resourceNames) {
        held.keySet().removeAll(resourceNames);
    }

    /** A wildcard subscription is answered even when empty, so the client's initialization completes. */
    boolean owesFirstAnswer() {
        return wildcard && responsesSent == 0;
    }

    void sent(String nonce, List<VersionedResource> updates, List<String> removals, String systemVersion,
            Instant committedAt) {
        Map<String, String> sent = new TreeMap<>();
        Map<String, String> previous = new HashMap<>();
        for (VersionedResource resource : updates) {
            previous.put(resource.name(), held.get(resource.name()));
            sent.put(resource.name(), resource.digest());
            held.put(resource.name(), resource.digest());
        }
        for (String name : removals) {
            previous.put(name, held.remove(name));
            sent.put(name, null);
        }
        inFlight.put(nonce, new InFlight(systemVersion, sent, previous, committedAt));
        if (inFlight.size() > REMEMBERED_IN_FLIGHT) {
            inFlight.remove(inFlight.keySet().iterator().next());
        }
        lastSentVersion = systemVersion;
        responsesSent++;
    }

    /** @return the commit time of the change this ACK completes, or null (also for unknown nonces) */
    Instant ack(String nonce, Instant at) {
        InFlight response = inFlight.remove(nonce);
        if (response == null) {
            return null;
        }
        lastAckedVersion = response.systemVersion();
        lastAckedAt = at;
        return response.committedAt();
    }

    /**
     * Records a rejection: the response's resource versions are never sent again, and the client is
     * taken to still hold what it held before. Returns false for a nonce that is unknown (stale).
     */
    boolean nack(String nonce, String message, Instant at) {
        InFlight response = inFlight.remove(nonce);
        if (response == null) {
            return false;
        }
        lastNack = new Nack(response.systemVersion(), message, at);
        for (Map.Entry<String, String> entry : response.sent().entrySet()) {
            String name = entry.getKey();
            if (entry.getValue() != null) {
                rejected.add(key(name, entry.getValue()));
            }
            if (Objects.equals(held.get(name), entry.getValue())) {
                String before = response.previous().get(name);
                if (before == null) {
                    held.remove(name);
                } else {
                    held.put(name, before);
                }
            }
        }
        Iterator<String> oldest = rejected.iterator();
        while (rejected.size() > REMEMBERED_REJECTIONS) {
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    long responsesSent() {
        return responsesSent;
    }

    /** Everything sent was answered, and the last ACK covered {@code currentVersion}. */
    boolean acknowledged(String currentVersion) {
        return inFlight.isEmpty() && currentVersion.equals(lastAckedVersion);
    }

    @Override
    public TypeStatus status() {
        List<String> subscribed = wildcard ? null : new ArrayList<>(names);
        return new TypeStatus(typeUrl, subscribed, lastSentVersion, lastAckedVersion, lastAckedAt, lastNack,
                responsesSent);
    }

    private static String key(String name, String version) {
        return name + '\0' + version;
    }
}
