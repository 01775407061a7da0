package io.flowplane.xds.source;

import io.flowplane.xds.snapshot.FleetSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Holds the latest published snapshot and tells subscribers about new ones. */
public final class SnapshotHolder implements SnapshotSource {
    private final List<Consumer<FleetSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile FleetSnapshot current;

    @Override
    public Optional<FleetSnapshot> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public void subscribe(Consumer<FleetSnapshot> listener) {
        listeners.add(listener);
    }

    public void publish(FleetSnapshot snapshot) {
        current = snapshot;
        for (Consumer<FleetSnapshot> listener : listeners) {
            listener.accept(snapshot);
        }
    }
}
