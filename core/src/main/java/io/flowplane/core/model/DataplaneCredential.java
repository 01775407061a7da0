package io.flowplane.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * One xDS credential of a dataplane, as stored: the SHA-256 of the secret, never the secret.
 *
 * @param expiresAt when a rotation ends its overlap; null while it is the current credential
 */
public record DataplaneCredential(String id, @JsonIgnore String sha256, Instant createdAt, Instant expiresAt) {
    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
