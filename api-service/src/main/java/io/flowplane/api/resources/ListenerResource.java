package io.flowplane.api.resources;

import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Listener;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;

@Path("/api/v1/listeners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ListenerResource {
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::");

    /**
     * The guide's body {team, name, address, port, dataplane_id}. Without route_config the listener's
     * HTTP connection manager routes through the route configuration named like the listener.
     */
    public record CreateListener(String team, String name, String address, Integer port, String dataplaneId, String routeConfig) {}

    /** A full replacement; id, team, name and the timestamps may be sent back unchanged from a GET. */
    public record UpdateListener(String id, String team, String name, String address, Integer port, String dataplaneId,
            String routeConfig, Long version, String createdAt, String updatedAt) implements VersionedResource.Replacement {}

    /** What a listener needs besides its identity, checked field by field. */
    private record Placement(String address, int port, String dataplaneRef, String routeConfig) {}

    private static final VersionedResource<Listener> LISTENER = new VersionedResource<>("listener", "listener",
            (stores, id) -> stores.listeners().findById(id),
            l -> new VersionedResource.Identity(l.id(), l.team(), l.name(), l.version()));

    private final ConfigStores primary;
    private final ConfigStores reads;

    public ListenerResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateListener body) {
        Caller caller = CallerFactory.of(request);
        Validate.body(body);
        String team = TeamScoped.writableTeam(caller, primary, body.team());
        String name = Validate.name("name", body.name());
        Placement placement = placement(body.address(), body.port(), body.dataplaneId(), body.routeConfig(), name);
        Listener created = primary.inTransaction(tx -> {
            Dataplane dataplane = lockDataplane(tx, team, placement.dataplaneRef());
            if (tx.listeners().find(team, name).isPresent()) {
                throw ApiException.conflict("listener '" + name + "' already exists in team '" + team + "'", "name");
            }
            requireFreePort(tx, dataplane, placement, null);
            Listener listener = tx.listeners().create(team, name, placement.address(), placement.port(), dataplane.id(),
                    placement.routeConfig());
            AuditTrail.record(tx, caller, "create", "listener", listener.id(), name, team, listener);
            return listener;
        });
        return Responses.created("/api/v1/listeners/" + created.id(), created, created.version());
    }

    @GET
    public List<Listener> list(@Context ContainerRequestContext request, @QueryParam("team") String team,
            @QueryParam("dataplane_id") String dataplaneId) {
        List<Listener> listeners = reads.listeners().list(TeamScoped.readableTeam(CallerFactory.of(request), team));
        return dataplaneId == null ? listeners : listeners.stream().filter(l -> l.dataplaneId().equals(dataplaneId)).toList();
    }

    @GET
    @Path("{id}")
    public Response get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return LISTENER.get(reads, CallerFactory.of(request), id);
    }

    @PUT
    @Path("{id}")
    public Response update(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateListener body) {
        return LISTENER.update(primary, CallerFactory.of(request), id, ifMatch, body, (tx, current, expectedVersion) -> {
            Placement placement = placement(body.address(), body.port(), body.dataplaneId(), body.routeConfig(), current.name());
            Dataplane dataplane = lockDataplane(tx, current.team(), placement.dataplaneRef());
            requireFreePort(tx, dataplane, placement, id);
            return tx.listeners().update(id, placement.address(), placement.port(), dataplane.id(), placement.routeConfig(),
                    expectedVersion);
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, DeleteRequest body) {
        return LISTENER.delete(primary, CallerFactory.of(request), id, ifMatch, body,
                (tx, listenerId) -> tx.listeners().findById(listenerId),
                (tx, current, expectedVersion) -> tx.listeners().delete(id, expectedVersion));
    }

    private static Placement placement(String address, Integer port, String dataplaneId, String routeConfig, String name) {
        return new Placement(
                Validate.ipAddress("address", address),
                Validate.port("port", port),
                Validate.required("dataplane_id", dataplaneId),
                routeConfig == null ? name : Validate.name("route_config", routeConfig));
    }

    /**
     * The dataplane by id (or by name) in the team, locked until the write commits so that listener
     * writes on one dataplane are serialised and the port check below cannot race.
     */
    private static Dataplane lockDataplane(ConfigStores tx, String team, String ref) {
        Dataplane dataplane = tx.dataplanes().findById(ref).filter(d -> d.team().equals(team))
                .or(() -> tx.dataplanes().find(team, ref))
                .orElseThrow(() -> ApiException.unprocessable("dataplane_id",
                        "no dataplane " + Echo.quote(ref) + " (by id or name) in team " + Echo.quote(team)));
        return tx.dataplanes().lock(dataplane.id()).orElseThrow(() -> ApiException.unprocessable("dataplane_id",
                "dataplane " + Echo.quote(ref) + " was deleted meanwhile"));
    }

    /** Same port on one dataplane clashes when the addresses are equal or either is a wildcard. */
    private static void requireFreePort(ConfigStores tx, Dataplane dataplane, Placement placement, String selfId) {
        for (Listener other : tx.listeners().onDataplane(dataplane.id())) {
            boolean samePort = other.port() == placement.port() && !other.id().equals(selfId);
            boolean overlapping = other.address().equals(placement.address())
                    || WILDCARDS.contains(other.address()) || WILDCARDS.contains(placement.address());
            if (samePort && overlapping) {
                throw ApiException.conflict("port " + placement.port() + " is already used on dataplane '" + dataplane.name()
                        + "' by listener '" + other.name() + "' (" + other.address() + ":" + other.port()
                        + "); the same port on other dataplanes is fine", "port");
            }
        }
    }
}
