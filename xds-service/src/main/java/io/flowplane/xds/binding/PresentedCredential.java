package io.flowplane.xds.binding;

import io.flowplane.core.model.Secrets;
import io.grpc.Context;

/**
 * The dataplane credential an ADS call carried in its {@code authorization} metadata, as its SHA-256 (the
 * secret itself is dropped at once), or why the header is not one.
 */
public record PresentedCredential(String sha256, String malformedReason) {
    public static final PresentedCredential NONE = new PresentedCredential(null, null);
    /** Set per call by {@link CallIdentityInterceptor}. */
    static final Context.Key<PresentedCredential> CONTEXT_KEY = Context.keyWithDefault("flowplane-credential", NONE);

    private static final String BEARER = "bearer ";

    public static PresentedCredential current() {
        return CONTEXT_KEY.get();
    }

    public static PresentedCredential fromHeader(String authorization) {
        if (authorization == null) {
            return NONE;
        }
        String value = authorization.strip();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length()) || value.substring(BEARER.length()).isBlank()) {
            return new PresentedCredential(null, "the authorization metadata is not 'Bearer <dataplane credential>'");
        }
        return new PresentedCredential(Secrets.sha256(value.substring(BEARER.length()).strip()), null);
    }

    public boolean present() {
        return sha256 != null;
    }

    public boolean malformed() {
        return malformedReason != null;
    }
}
