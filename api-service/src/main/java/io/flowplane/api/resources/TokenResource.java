package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.store.TokenStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;

@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {
    private static final Pattern SCOPE = Pattern.compile("admin|team:[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?:(read|write)");

    public record CreateToken(String name, List<String> scopes) {}

    /** The secret is in this answer only; Flowplane keeps a hash. */
    public record IssuedToken(String id, String name, List<String> scopes, String token) {}

    private final TokenStore tokens;

    public TokenResource(TokenStore tokens) {
        this.tokens = tokens;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateToken body) {
        Access.requireAdmin(CallerFactory.of(request));
        Validate.body(body);
        String name = Validate.name("name", body.name());
        if (body.scopes() == null || body.scopes().isEmpty()) {
            throw ApiException.invalid("scopes", "at least one scope is required: admin, team:NAME:read or team:NAME:write");
        }
        for (int i = 0; i < body.scopes().size(); i++) {
            String scope = body.scopes().get(i);
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw ApiException.invalid("scopes[" + i + "]", "'" + scope + "' is not admin, team:NAME:read or team:NAME:write");
            }
        }
        TokenStore.IssuedToken issued = tokens.store(name, TokenStore.newSecret(), body.scopes());
        return Response.status(201).entity(new IssuedToken(issued.id(), name, body.scopes(), issued.token())).build();
    }
}
