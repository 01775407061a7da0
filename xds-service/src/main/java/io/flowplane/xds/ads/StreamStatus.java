package io.flowplane.xds.ads;

import java.time.Instant;
import java.util.Map;

/**
 * Status of one ADS stream, for the status API. Types are keyed by lds, rds, cds, eds; protocol is sotw or delta.
 * {@code handledRevision} is the configuration revision of the newest change this stream has handled since it
 * connected (it sent what changed for it, or found nothing to send); null before the first. {@code authenticatedBy}
 * names what the stream proved (a credential's id, a certificate), never a secret.
 */
public record StreamStatus(long streamId, String nodeId, String nodeCluster, String dataplaneId, boolean bound,
        String unboundReason, String authenticatedBy, Instant connectedSince, String protocol, Long handledRevision, Map<String, TypeStatus> types) {}
