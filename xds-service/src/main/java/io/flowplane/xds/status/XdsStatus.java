package io.flowplane.xds.status;

import io.flowplane.xds.ads.StreamStatus;
import java.time.Instant;
import java.util.List;

/** The body of GET /api/v1/xds/status (snake_case on the wire). */
public record XdsStatus(Long configRevision, Instant lastLoadAt, String lastLoadError, Instant lastLoadErrorAt,
        boolean healthy, int connectedStreams, long connectedDataplanes, List<StreamStatus> streams) {}
