package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.ApiToken;
import io.flowplane.core.store.TokenStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;

/** Admin-only: issue tokens (the secret is shown once), list them without secrets, revoke them. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {
    private static final Pattern SCOPE = Pattern.compile("admin|team:[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?:(read|write)");

    public record CreateToken(String name, List<String> scopes) {}

    /** The secret is in this answer only; Flowplane keeps a hash. */
    public record IssuedToken(String id, String name, List<String> scopes, String token) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public TokenResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateToken body) {
        Caller caller = CallerFactory.of(request);
        Access.requireAdmin(caller);
        Validate.body(body);
        String name = Validate.name("name", body.name());
        if (body.scopes() == null || body.scopes().isEmpty()) {
            throw ApiException.invalid("scopes", "at least one scope is required: admin, team:NAME:read or team:NAME:write");
        }
        for (int i = 0; i < body.scopes().size(); i++) {
            String scope = body.scopes().get(i);
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw ApiException.invalid("scopes[" + i + "]", Echo.quote(scope) + " is not admin, team:NAME:read or team:NAME:write");
            }
        }
        List<String> scopes = Validate.distinct("scopes", body.scopes());
        TokenStore.IssuedToken issued = primary.inTransaction(tx -> {
            requireExistingTeams(tx, scopes);
            TokenStore.IssuedToken token = tx.tokens().store(name, TokenStore.newSecret(), scopes);
            AuditTrail.record(tx, caller, "create", "token", token.id(), name, null, tx.tokens().find(token.id()).orElseThrow());
            return token;
        });
        return Response.status(201).entity(new IssuedToken(issued.id(), name, scopes, issued.token())).build();
    }

    /** A scope on a team that does not exist would come alive with whoever creates that team next. */
    private static void requireExistingTeams(ConfigStores tx, List<String> scopes) {
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            if (scope.startsWith("team:")) {
                String team = scope.substring(5, scope.lastIndexOf(':'));
                if (tx.teams().find(team).isEmpty()) {
                    throw ApiException.unprocessable("scopes[" + i + "]", "team " + Echo.quote(team)
                            + " does not exist; create it first");
                }
            }
        }
    }

    @GET
    public List<ApiToken> list(@Context ContainerRequestContext request) {
        Access.requireAdmin(CallerFactory.of(request));
        return reads.tokens().list();
    }

    /** Revoked tokens answer 401 from then on; the row stays for the audit log. */
    @DELETE
    @Path("{id}")
    public Response revoke(@Context ContainerRequestContext request, @PathParam("id") String id) {
        Caller caller = CallerFactory.of(request);
        Access.requireAdmin(caller);
        primary.inTransaction(tx -> {
            ApiToken revoked = tx.tokens().revoke(id)
                    .orElseThrow(() -> ApiException.notFound("live token " + Echo.quote(id)));
            AuditTrail.record(tx, caller, "revoke", "token", id, revoked.name(), null, revoked);
            return revoked;
        });
        return Responses.deleted();
    }
}
