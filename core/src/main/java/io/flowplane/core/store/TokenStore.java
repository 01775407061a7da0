package io.flowplane.core.store;

import io.flowplane.core.model.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API tokens, kept only as SHA-256 hashes. */
public final class TokenStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbi jdbi;

    public TokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record IssuedToken(String id, String token) {}

    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "fp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a token with the given secret; idempotent for the same secret. */
    public IssuedToken store(String name, String secret, List<String> scopes) {
        String id = Ids.next("tok");
        String storedId = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO api_tokens (id, name, token_hash, scopes) VALUES (:id, :name, :hash, :scopes)
                        ON CONFLICT (token_hash) DO UPDATE SET name = api_tokens.name
                        RETURNING id""")
                .bind("id", id)
                .bind("name", name)
                .bind("hash", hash(secret))
                .bindArray("scopes", String.class, scopes)
                .mapTo(String.class)
                .one());
        return new IssuedToken(storedId, secret);
    }

    /** Scopes of a live token, or empty when the token is unknown or revoked. */
    public Optional<List<String>> scopesOf(String secret) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT scopes FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash(secret))
                .map((rs, ctx) -> Rows.strings(rs, "scopes"))
                .findOne());
    }
}
