package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.api.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.Team;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {
    public record CreateTeam(String name, String description) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public TeamResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateTeam body) {
        Access.requireAdmin(CallerFactory.of(request));
        Validate.body(body);
        String name = Validate.name("name", body.name());
        String description = Validate.optionalText("description", body.description(), 1024);
        if (primary.teams().find(name).isPresent()) {
            throw ApiException.conflict("team '" + name + "' already exists", "name");
        }
        Team team = primary.teams().create(name, description);
        return Response.created(URI.create("/api/v1/teams/" + name)).entity(team).build();
    }

    @GET
    public List<Team> list(@Context ContainerRequestContext request) {
        Caller caller = CallerFactory.of(request);
        return reads.teams().list().stream().filter(t -> caller.canRead(t.name())).toList();
    }

    @GET
    @Path("{team}")
    public Team get(@Context ContainerRequestContext request, @PathParam("team") String team) {
        Access.requireRead(CallerFactory.of(request), team);
        return reads.teams().find(team).orElseThrow(() -> ApiException.notFound("team '" + team + "'"));
    }
}
