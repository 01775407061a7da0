package io.flowplane.api.resources;

import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Listener;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/api/v1/listeners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ListenerResource {
    /**
     * The guide's body {team, name, address, port, dataplane_id}. Without route_config the listener's
     * HTTP connection manager routes through the route configuration named like the listener.
     */
    public record CreateListener(String team, String name, String address, Integer port, String dataplaneId, String routeConfig) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public ListenerResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateListener body) {
        Validate.body(body);
        String team = TeamScoped.writableTeam(CallerFactory.of(request), primary, body.team());
        String name = Validate.name("name", body.name());
        String address = Validate.host("address", body.address());
        int port = Validate.port("port", body.port());
        Validate.required("dataplane_id", body.dataplaneId());
        String routeConfig = body.routeConfig() == null ? name : Validate.name("route_config", body.routeConfig());
        Dataplane dataplane = primary.dataplanes().findById(body.dataplaneId())
                .filter(d -> d.team().equals(team))
                .or(() -> primary.dataplanes().find(team, body.dataplaneId()))
                .orElseThrow(() -> ApiException.unprocessable("dataplane_id",
                        "no dataplane '" + body.dataplaneId() + "' (by id or name) in team '" + team + "'"));
        if (primary.listeners().find(team, name).isPresent()) {
            throw ApiException.conflict("listener '" + name + "' already exists in team '" + team + "'", "name");
        }
        boolean portTaken = primary.listeners().list(team).stream()
                .anyMatch(l -> l.dataplaneId().equals(dataplane.id()) && l.address().equals(address) && l.port() == port);
        if (portTaken) {
            throw ApiException.conflict(address + ":" + port + " is already used by another listener on dataplane '"
                    + dataplane.name() + "'", "port");
        }
        Listener created = primary.listeners().create(team, name, address, port, dataplane.id(), routeConfig);
        return Response.created(URI.create("/api/v1/listeners/" + created.id())).entity(created).build();
    }

    @GET
    public List<Listener> list(@Context ContainerRequestContext request, @QueryParam("team") String team) {
        return reads.listeners().list(TeamScoped.readableTeam(CallerFactory.of(request), team));
    }
}
