package io.flowplane.xds.ads;

import io.flowplane.xds.snapshot.FleetSnapshot;
import io.grpc.Status;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The open ADS streams, both protocols. */
public final class StreamRegistry {
    private final ConcurrentHashMap<Long, AdsStreamBase<?, ?, ?>> streams = new ConcurrentHashMap<>();
    /** Open streams per dataplane proven by a credential; guarded by this. */
    private final Map<String, Integer> byCredentialDataplane = new HashMap<>();

    /** Adds the stream unless a limit is reached; then the status that refuses it, and nothing is added. */
    synchronized Status admit(AdsStreamBase<?, ?, ?> stream, AdsLimits limits) {
        if (streams.size() >= limits.maxStreams()) {
            return Status.RESOURCE_EXHAUSTED.withDescription("this control plane serves at most " + limits.maxStreams()
                    + " ADS streams (xds.maxStreams); retry later or connect to another");
        }
        String dataplane = stream.credentialDataplaneId();
        if (dataplane != null) {
            int open = byCredentialDataplane.getOrDefault(dataplane, 0);
            if (open >= limits.maxStreamsPerDataplane()) {
                return Status.RESOURCE_EXHAUSTED.withDescription("dataplane " + dataplane + " already has " + open
                        + " ADS streams, the most allowed (xds.maxStreamsPerDataplane)");
            }
            byCredentialDataplane.put(dataplane, open + 1);
        }
        streams.put(stream.id(), stream);
        return null;
    }

    synchronized void remove(AdsStreamBase<?, ?, ?> stream) {
        if (streams.remove(stream.id()) != null && stream.credentialDataplaneId() != null) {
            byCredentialDataplane.computeIfPresent(stream.credentialDataplaneId(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    Collection<AdsStreamBase<?, ?, ?>> streams() {
        return streams.values();
    }

    public int streamCount() {
        return streams.size();
    }

    /** Distinct dataplanes with at least one open, bound stream. */
    public long connectedDataplanes() {
        return streams.values().stream().map(AdsStreamBase::boundDataplaneId).filter(Objects::nonNull).distinct().count();
    }

    /**
     * True when every open stream bound (under {@code snapshot}) to a dataplane has ACKed, for every
     * type it has been sent, exactly the version {@code snapshot} holds for its subscription, with no
     * response awaiting an answer (delta). A rejected current version is not in sync.
     */
    public boolean dataplanesInSync(FleetSnapshot snapshot) {
        return streams.values().stream().allMatch(stream -> stream.inSync(snapshot));
    }

    public List<StreamStatus> statuses() {
        return streams.values().stream()
                .map(AdsStreamBase::status)
                .sorted(Comparator.comparingLong(StreamStatus::streamId))
                .toList();
    }
}
