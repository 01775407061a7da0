package io.flowplane.xds.ads;

import io.flowplane.xds.snapshot.FleetSnapshot;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The open ADS streams, both protocols. */
public final class StreamRegistry {
    private final ConcurrentHashMap<Long, AdsStreamBase<?, ?, ?>> streams = new ConcurrentHashMap<>();

    void add(AdsStreamBase<?, ?, ?> stream) {
        streams.put(stream.id(), stream);
    }

    void remove(AdsStreamBase<?, ?, ?> stream) {
        streams.remove(stream.id());
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
