package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.ApiToken;
import io.flowplane.core.model.Team;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {
    public record CreateTeam(String name, String description) {}

    /** id, created_at and updated_at are accepted so a GET answer can be edited and sent back. */
    public record UpdateTeam(String id, String name, String description, Long version, String createdAt, String updatedAt) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public TeamResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateTeam body) {
        Caller caller = CallerFactory.of(request);
        Access.requireAdmin(caller);
        Validate.body(body);
        String name = Validate.name("name", body.name());
        String description = Validate.optionalText("description", body.description(), 1024);
        Team team = primary.inTransaction(tx -> {
            if (tx.teams().find(name).isPresent()) {
                throw ApiException.conflict("team '" + name + "' already exists", "name");
            }
            Team created = tx.teams().create(name, description);
            AuditTrail.record(tx, caller, "create", "team", created.id(), name, name, created);
            return created;
        });
        return Responses.created("/api/v1/teams/" + name, team, team.version());
    }

    @GET
    public List<Team> list(@Context ContainerRequestContext request) {
        Caller caller = CallerFactory.of(request);
        return reads.teams().list().stream().filter(t -> caller.canRead(t.name())).toList();
    }

    @GET
    @Path("{team}")
    public Response get(@Context ContainerRequestContext request, @PathParam("team") String team) {
        Access.requireRead(CallerFactory.of(request), team);
        Team found = reads.teams().find(team).orElseThrow(() -> notFound(team));
        return Responses.ok(found, found.version());
    }

    @PUT
    @Path("{team}")
    public Response update(@Context ContainerRequestContext request, @PathParam("team") String team,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateTeam body) {
        Caller caller = CallerFactory.of(request);
        Access.requireWrite(caller, team);
        Validate.body(body);
        Validate.timestamp("created_at", body.createdAt());
        Validate.timestamp("updated_at", body.updatedAt());
        ExpectedVersion expected = ExpectedVersion.required(ifMatch, body.version());
        String description = Validate.optionalText("description", body.description(), 1024);
        Team updated = primary.inTransaction(tx -> {
            Team current = tx.teams().find(team).orElseThrow(() -> notFound(team));
            TeamScoped.unchanged("name", current.name(), body.name());
            TeamScoped.unchanged("id", current.id(), body.id());
            Team changed = tx.teams().update(team, description, expected.value())
                    .orElseThrow(() -> expected.staleOrGone(tx.teams().find(team).map(Team::version), "team " + Echo.quote(team)));
            AuditTrail.record(tx, caller, "update", "team", changed.id(), team, team, changed);
            return changed;
        });
        return Responses.ok(updated, updated.version());
    }

    /** Only an empty team can be deleted; the answer names what is still in it. */
    @DELETE
    @Path("{team}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("team") String team,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, DeleteRequest body) {
        Caller caller = CallerFactory.of(request);
        Access.requireRead(caller, team);
        Access.requireAdmin(caller);
        ExpectedVersion expected = ExpectedVersion.optional(ifMatch, DeleteRequest.versionOf(body));
        primary.inTransaction(tx -> {
            tx.teams().lock(team).orElseThrow(() -> notFound(team));
            List<String> dependents = tx.teams().dependents(team);
            if (!dependents.isEmpty()) {
                throw ApiException.conflict("team '" + team + "' still has resources; delete them first: "
                        + String.join(", ", dependents), null);
            }
            Team deleted = tx.teams().delete(team, expected.value())
                    .orElseThrow(() -> expected.staleOrGone(tx.teams().find(team).map(Team::version), "team " + Echo.quote(team)));
            AuditTrail.record(tx, caller, "delete", "team", deleted.id(), team, team, deleted);
            // A later team of the same name must not inherit them.
            for (ApiToken token : tx.tokens().revokeScopedTo(team)) {
                AuditTrail.record(tx, caller, "revoke", "token", token.id(), token.name(), null,
                        Map.of("reason", "team '" + team + "' deleted"));
            }
            return deleted;
        });
        return Responses.deleted();
    }

    private static ApiException notFound(String team) {
        return ApiException.notFound("team " + Echo.quote(team));
    }
}
