package io.flowplane.api.auth;

import io.flowplane.api.errors.ApiError;
import io.flowplane.core.store.TokenStore;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Optional;

/** Every /api/v1 call needs a live bearer token; the caller's scopes travel as a request property. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {
    public static final String CALLER = "flowplane.caller";

    private final TokenStore tokens;

    public BearerTokenFilter(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            request.abortWith(new ApiError("unauthorized", "missing bearer token: send 'Authorization: Bearer <token>'", null)
                    .toResponse(401));
            return;
        }
        Optional<List<String>> scopes = tokens.scopesOf(header.substring(7).trim());
        if (scopes.isEmpty()) {
            request.abortWith(new ApiError("unauthorized", "invalid or revoked token", null).toResponse(401));
            return;
        }
        request.setProperty(CALLER, new Caller(scopes.get()));
    }
}
