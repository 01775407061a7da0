package io.flowplane.xds.status;

import io.flowplane.core.auth.BearerAuthentication;
import io.flowplane.core.auth.Caller;
import io.flowplane.core.model.Dataplane;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.ads.StreamStatus;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.source.LoadStatus;
import io.flowplane.xds.source.SnapshotSource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this xds-service serves, to callers with the REST API's tokens: an admin sees every stream and the last
 * load error; a team token only the streams bound to its teams' dataplanes. Streams bound to no dataplane
 * (refused, or served by what they claim) are for admins only.
 */
@Path("/api/v1/xds/status")
@Produces(MediaType.APPLICATION_JSON)
public final class XdsStatusResource {
    private static final Logger LOG = LoggerFactory.getLogger(XdsStatusResource.class);

    private final Supplier<LoadStatus> loadStatus;
    private final StreamRegistry streams;
    private final SnapshotSource snapshots;
    private final BearerAuthentication authentication;

    public XdsStatusResource(Supplier<LoadStatus> loadStatus, StreamRegistry streams, SnapshotSource snapshots,
            BearerAuthentication authentication) {
        this.loadStatus = loadStatus;
        this.streams = streams;
        this.snapshots = snapshots;
        this.authentication = authentication;
    }

    @GET
    public Response status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        BearerAuthentication.Outcome outcome;
        try {
            outcome = authentication.authenticate(authorization);
        } catch (JdbiException e) {
            LOG.warn("cannot check a status caller's token: {}", e.getMessage());
            return error(503, "database_unavailable", "the token cannot be checked: the database cannot be reached; "
                    + "FLOWPLANE_ADMIN_TOKEN is checked without it");
        }
        if (!outcome.authenticated()) {
            return error(401, "unauthorized", "Authorization: " + outcome.refusal());
        }
        return Response.ok(visibleTo(outcome.caller())).build();
    }

    private XdsStatus visibleTo(Caller caller) {
        LoadStatus load = loadStatus.get();
        List<StreamStatus> visible = streams.statuses().stream().filter(readableBy(caller)).toList();
        long dataplanes = visible.stream().map(StreamStatus::dataplaneId).filter(Objects::nonNull).distinct().count();
        // The load error may name the database's host: it is the operators', like the log.
        String lastError = caller.isAdmin() ? load.lastError() : null;
        return new XdsStatus(load.revision(), load.lastLoadAt(), lastError, caller.isAdmin() ? load.lastErrorAt() : null,
                load.healthy(), visible.size(), dataplanes, visible);
    }

    private Predicate<StreamStatus> readableBy(Caller caller) {
        if (caller.isAdmin()) {
            return stream -> true;
        }
        Optional<FleetSnapshot> snapshot = snapshots.current();
        return stream -> stream.bound() && snapshot.flatMap(s -> s.dataplane(stream.dataplaneId()))
                .map(Dataplane::team).filter(caller::canRead).isPresent();
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", code, "message", message)).build();
    }
}
