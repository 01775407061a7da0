package io.flowplane.xds.status;

import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.source.LoadStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.function.Supplier;

@Path("/api/v1/xds/status")
@Produces(MediaType.APPLICATION_JSON)
public final class XdsStatusResource {
    private final Supplier<LoadStatus> loadStatus;
    private final StreamRegistry streams;

    public XdsStatusResource(Supplier<LoadStatus> loadStatus, StreamRegistry streams) {
        this.loadStatus = loadStatus;
        this.streams = streams;
    }

    @GET
    public XdsStatus status() {
        LoadStatus load = loadStatus.get();
        List<io.flowplane.xds.ads.StreamStatus> statuses = streams.statuses();
        return new XdsStatus(load.revision(), load.lastLoadAt(), load.lastError(), load.lastErrorAt(), load.healthy(),
                statuses.size(), streams.connectedDataplanes(), statuses);
    }
}
