package io.flowplane.xds.ads;

import io.flowplane.xds.binding.StreamIdentity;
import io.flowplane.xds.source.SnapshotSource;
import java.time.Clock;
import java.time.Duration;

/** What a new ADS stream of either protocol is given: its id, its sequential executor and shared services. */
record StreamContext(long id, StreamExecutor serial, SnapshotSource source, AdsEvents events, Clock clock,
        StreamIdentity identity, AdsLimits limits, Duration clusterRetention) {}
