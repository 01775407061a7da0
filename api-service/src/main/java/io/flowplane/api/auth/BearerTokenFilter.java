package io.flowplane.api.auth;

import io.flowplane.api.errors.ApiError;
import io.flowplane.core.model.ApiToken;
import io.flowplane.core.store.TokenStore;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every /api/v1 call but the public ones needs a live bearer token; the caller travels as a request property. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {
    public static final String CALLER = "flowplane.caller";
    private static final Set<String> PUBLIC_PATHS = Set.of("api/v1/openapi.json");

    private final TokenStore tokens;
    private final byte[] breakGlassToken;

    /**
     * {@code adminToken} (FLOWPLANE_ADMIN_TOKEN) is accepted as an admin without a database lookup:
     * when the database is lost, it is how an operator still starts and approves the failover.
     */
    public BearerTokenFilter(TokenStore tokens, String adminToken) {
        this.tokens = tokens;
        this.breakGlassToken = adminToken == null || adminToken.isBlank() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (PUBLIC_PATHS.contains(trimSlashes(request.getUriInfo().getPath()))) {
            return;
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            request.abortWith(new ApiError("unauthorized", "Authorization: missing bearer token; send 'Authorization: Bearer <token>'",
                    HttpHeaders.AUTHORIZATION).toResponse(401));
            return;
        }
        String presented = header.substring(7).trim();
        if (breakGlassToken != null && MessageDigest.isEqual(breakGlassToken, presented.getBytes(StandardCharsets.UTF_8))) {
            request.setProperty(CALLER, new Caller("admin-token", "FLOWPLANE_ADMIN_TOKEN", List.of("admin")));
            return;
        }
        Optional<ApiToken> token = tokens.authenticate(presented);
        if (token.isEmpty()) {
            request.abortWith(new ApiError("unauthorized", "Authorization: invalid or revoked bearer token", HttpHeaders.AUTHORIZATION)
                    .toResponse(401));
            return;
        }
        request.setProperty(CALLER, new Caller(token.get().id(), token.get().name(), token.get().scopes()));
    }

    private static String trimSlashes(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
