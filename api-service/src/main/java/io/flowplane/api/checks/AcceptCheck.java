package io.flowplane.api.checks;

import io.flowplane.api.errors.ApiException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * A malformed Accept header is a 400 naming it. Left to Jersey, it fails again while the error answer
 * is written, and the client gets a 400 with no body.
 */
@Provider
@PreMatching
@Priority(200)
public class AcceptCheck implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        try {
            request.getAcceptableMediaTypes();
        } catch (RuntimeException e) {
            // Dropped first, so that writing the error does not trip over it.
            request.getHeaders().remove(HttpHeaders.ACCEPT);
            request.abortWith(new ApiException(400, "invalid_header",
                    "Accept: is not a list of media types such as application/json", HttpHeaders.ACCEPT).toResponse());
        }
    }
}
