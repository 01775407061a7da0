package io.flowplane.core.auth;

import io.flowplane.core.model.ApiToken;
import io.flowplane.core.store.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Who an {@code Authorization} header names: a live API token, or FLOWPLANE_ADMIN_TOKEN. The REST API and the
 * xDS status API both answer through it, so a token means the same on either port.
 */
public final class BearerAuthentication {
    /** What a header proved: a caller, or why not (the message never repeats what was presented). */
    public record Outcome(Caller caller, String refusal) {
        public boolean authenticated() {
            return caller != null;
        }
    }

    private final TokenStore tokens;
    private final byte[] breakGlassToken;

    /**
     * {@code adminToken} (FLOWPLANE_ADMIN_TOKEN) is accepted as an admin without a database lookup: when the
     * database is lost, it is how an operator still starts a failover and reads what xDS serves.
     */
    public BearerAuthentication(TokenStore tokens, String adminToken) {
        this.tokens = tokens;
        this.breakGlassToken = adminToken == null || adminToken.isBlank() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The caller {@code header} names. A token that must be looked up goes to the database, whose failure is
     * thrown to the caller (it is not the client's fault, and each port answers it in its own way).
     */
    public Outcome authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return new Outcome(null, "missing bearer token; send 'Authorization: Bearer <token>'");
        }
        String presented = header.substring(7).trim();
        if (breakGlassToken != null && MessageDigest.isEqual(breakGlassToken, presented.getBytes(StandardCharsets.UTF_8))) {
            return new Outcome(new Caller("admin-token", "FLOWPLANE_ADMIN_TOKEN", List.of("admin")), null);
        }
        Optional<ApiToken> token = tokens.authenticate(presented);
        return token.map(t -> new Outcome(new Caller(t.id(), t.name(), t.scopes()), null))
                .orElseGet(() -> new Outcome(null, "invalid or revoked bearer token"));
    }
}
