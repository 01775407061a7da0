package io.flowplane.xds.source;

import io.flowplane.core.model.FleetConfig;
import io.flowplane.core.store.RevisionStore;

/** Reads the configuration: the cheap revision check, and the full consistent read. */
public interface FleetReader {
    long currentRevision();

    FleetConfig loadFleet();

    static FleetReader of(RevisionStore store) {
        return new FleetReader() {
            @Override
            public long currentRevision() {
                return store.current();
            }

            @Override
            public FleetConfig loadFleet() {
                return store.loadFleet();
            }
        };
    }
}
