package io.flowplane.xds.source;

import io.flowplane.xds.snapshot.FleetSnapshot;
import java.util.Optional;
import java.util.function.Consumer;

/** The latest fleet snapshot, and notification when a new one is published. */
public interface SnapshotSource {
    /** Empty until the first successful load: nothing may be served before that. */
    Optional<FleetSnapshot> current();

    void subscribe(Consumer<FleetSnapshot> listener);
}
