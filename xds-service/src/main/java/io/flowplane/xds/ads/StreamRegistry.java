package io.flowplane.xds.ads;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The open ADS streams. */
public final class StreamRegistry {
    private final ConcurrentHashMap<Long, AdsStream> streams = new ConcurrentHashMap<>();

    void add(AdsStream stream) {
        streams.put(stream.id(), stream);
    }

    void remove(AdsStream stream) {
        streams.remove(stream.id());
    }

    Collection<AdsStream> streams() {
        return streams.values();
    }

    public int streamCount() {
        return streams.size();
    }

    /** Distinct dataplanes with at least one open, bound stream. */
    public long connectedDataplanes() {
        return streams.values().stream().map(AdsStream::boundDataplaneId).filter(Objects::nonNull).distinct().count();
    }

    public List<StreamStatus> statuses() {
        return streams.values().stream()
                .map(AdsStream::status)
                .sorted(Comparator.comparingLong(StreamStatus::streamId))
                .toList();
    }
}
