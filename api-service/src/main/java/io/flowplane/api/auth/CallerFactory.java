package io.flowplane.api.auth;

import io.flowplane.core.auth.Caller;
import jakarta.ws.rs.container.ContainerRequestContext;

/** Reads the caller the {@link BearerTokenFilter} attached to the request. */
public final class CallerFactory {
    private CallerFactory() {}

    public static Caller of(ContainerRequestContext request) {
        Object caller = request.getProperty(BearerTokenFilter.CALLER);
        if (caller == null) {
            throw new IllegalStateException("BearerTokenFilter did not run");
        }
        return (Caller) caller;
    }
}
