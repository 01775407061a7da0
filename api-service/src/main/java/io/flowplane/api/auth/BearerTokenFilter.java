package io.flowplane.api.auth;

import io.flowplane.api.errors.ApiError;
import io.flowplane.core.auth.BearerAuthentication;
import io.flowplane.core.store.TokenStore;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/** Every /api/v1 call but the public ones needs a live bearer token; the caller travels as a request property. */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {
    public static final String CALLER = "flowplane.caller";
    private static final Set<String> PUBLIC_PATHS = Set.of("api/v1/openapi.json");

    private final BearerAuthentication authentication;

    /** {@code adminToken} (FLOWPLANE_ADMIN_TOKEN) is the break-glass admin; see {@link BearerAuthentication}. */
    public BearerTokenFilter(TokenStore tokens, String adminToken) {
        this.authentication = new BearerAuthentication(tokens, adminToken);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (PUBLIC_PATHS.contains(trimSlashes(request.getUriInfo().getPath()))) {
            return;
        }
        BearerAuthentication.Outcome outcome = authentication.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (!outcome.authenticated()) {
            request.abortWith(new ApiError("unauthorized", "Authorization: " + outcome.refusal(), HttpHeaders.AUTHORIZATION)
                    .toResponse(401));
            return;
        }
        request.setProperty(CALLER, outcome.caller());
    }

    private static String trimSlashes(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
