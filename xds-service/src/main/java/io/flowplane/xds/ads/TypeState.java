package io.flowplane.xds.ads;

import io.flowplane.xds.snapshot.TypeUrls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** State-of-the-world protocol state of one resource type on one stream. Confined to the stream's executor. */
final class TypeState implements ResourceTypeState {
    private static final int REMEMBERED_REJECTIONS = 32;

    final String typeUrl;
    private final boolean wildcardType;
    private boolean wildcard;
    private Set<String> names = Set.of();
    private String lastSentVersion;
    private String lastNonce;
    private String lastAckedVersion;
    private Instant lastAckedAt;
    /** Requests repeating the latest nonce (e.g. subscription changes) accept nothing new. */
    private boolean lastSentAcked;
    /** The version Envoy said it holds when it (re)subscribed, e.g. from another control plane. */
    private String clientHeldVersion;
    private Nack lastNack;
    /** After a NACK the client still holds the last version it accepted. */
    private boolean lastSentRejected;
    private final Set<String> rejectedVersions = new LinkedHashSet<>();
    private long responsesSent;
    /** Commit time of the revision whose change the unacknowledged response carries; null if not change-driven. */
    private Instant pendingCommit;

    TypeState(String typeUrl) {
        this.typeUrl = typeUrl;
        this.wildcardType = TypeUrls.isWildcardType(typeUrl);
    }

    /** A request whose nonce is not the latest one sent for this type answers an outdated response. */
    boolean isStale(String responseNonce) {
        return lastNonce != null && !responseNonce.isEmpty() && !responseNonce.equals(lastNonce);
    }

    /** A request answering the latest response sent for this type. */
    boolean isLatest(String responseNonce) {
        return lastNonce != null && responseNonce.equals(lastNonce);
    }

    void subscribe(Collection<String> requested) {
        wildcard = wildcardType && (requested.isEmpty() || requested.contains("*"));
        Set<String> named = new TreeSet<>(requested);
        named.remove("*");
        names = wildcard ? Set.of() : Set.copyOf(named);
    }

    void initialRequest(String versionInfo) {
        if (lastSentVersion == null && !versionInfo.isEmpty()) {
            clientHeldVersion = versionInfo;
            lastAckedVersion = versionInfo;
        }
    }

    /**
     * A request answering the latest response without an error. After a NACK, Envoy's later requests
     * (e.g. changing subscriptions) carry the rejected response's nonce too: they acknowledge nothing.
     *
     * @return the commit time of the change this ACK completes, or null
     */
    Instant ack(Instant at) {
        if (lastSentRejected || lastSentAcked) {
            return null;
        }
        lastSentAcked = true;
        lastAckedVersion = lastSentVersion;
        lastAckedAt = at;
        Instant committedAt = pendingCommit;
        pendingCommit = null;
        return committedAt;
    }

    String lastAckedVersion() {
        return lastAckedVersion;
    }

    /**
     * Envoy repeats a rejected response's nonce and error on its later requests for the type: only the
     * first NACK of a response counts. Returns whether this was it.
     */
    boolean nack(String message, Instant at) {
        if (lastSentRejected) {
            return false;
        }
        lastNack = new Nack(lastSentVersion, message, at);
        lastSentRejected = true;
        pendingCommit = null;
        rejectedVersions.add(lastSentVersion);
        if (rejectedVersions.size() > REMEMBERED_REJECTIONS) {
            rejectedVersions.remove(rejectedVersions.iterator().next());
        }
        return true;
    }

    boolean isWildcard() {
        return wildcard;
    }

    Set<String> names() {
        return names;
    }

    /** The version Envoy has or is about to have from this stream; null when it has nothing. */
    String versionOnClient() {
        if (lastSentRejected) {
            return lastAckedVersion;
        }
        return lastSentVersion != null ? lastSentVersion : clientHeldVersion;
    }

    boolean wasRejected(String version) {
        return rejectedVersions.contains(version);
    }

    void sent(String version, String nonce, Instant committedAt) {
        lastSentVersion = version;
        lastSentRejected = false;
        lastSentAcked = false;
        lastNonce = nonce;
        responsesSent++;
        pendingCommit = committedAt;
    }

    String lastSentVersion() {
        return lastSentVersion;
    }

    @Override
    public TypeStatus status() {
        List<String> subscribed = wildcard ? null : new ArrayList<>(names);
        return new TypeStatus(typeUrl, subscribed, lastSentVersion, lastAckedVersion, lastAckedAt, lastNack,
                responsesSent);
    }
}
