package io.flowplane.xds.ads;

import java.time.Instant;
import java.util.Map;

/** Status of one ADS stream, for the status API. Types are keyed by lds, rds, cds, eds; protocol is sotw or delta. */
public record StreamStatus(long streamId, String nodeId, String nodeCluster, String dataplaneId, boolean bound,
        String unboundReason, Instant connectedSince, String protocol, Map<String, TypeStatus> types) {}
