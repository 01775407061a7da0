package io.flowplane.core.store;

import io.flowplane.core.model.ApiToken;
import io.flowplane.core.model.Ids;
import io.flowplane.core.model.Secrets;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** API tokens, kept only as SHA-256 hashes. */
public final class TokenStore {
    private static final RowMapper<ApiToken> MAPPER = (rs, ctx) -> new ApiToken(
            rs.getString("id"),
            rs.getString("name"),
            Rows.strings(rs, "scopes"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "revoked_at"));

    private final HandleSource jdbi;

    public TokenStore(Jdbi jdbi) {
        this.jdbi = HandleSource.of(jdbi);
    }

    /** A store working inside the caller's open transaction. */
    public TokenStore(Handle handle) {
        this.jdbi = HandleSource.of(handle);
    }

    public record IssuedToken(String id, String token) {}

    public static String newSecret() {
        return Secrets.random("fp_");
    }

    public static String hash(String token) {
        return Secrets.sha256(token);
    }

    /** Stores a token with the given secret; idempotent for the same secret. */
    public IssuedToken store(String name, String secret, List<String> scopes) {
        String id = Ids.next("tok");
        String storedId = jdbi.with(h -> h.createQuery("""
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
        return jdbi.with(h -> h.createQuery(
                        "SELECT scopes FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash(secret))
                .map((rs, ctx) -> Rows.strings(rs, "scopes"))
                .findOne());
    }

    /** The live token with this secret, or empty when it is unknown or revoked. */
    public Optional<ApiToken> authenticate(String secret) {
        return jdbi.with(h -> h.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash(secret))
                .map(MAPPER)
                .findOne());
    }

    public Optional<ApiToken> find(String id) {
        return jdbi.with(h -> h.createQuery("SELECT * FROM api_tokens WHERE id = :id").bind("id", id).map(MAPPER).findOne());
    }

    public List<ApiToken> list() {
        return jdbi.with(h -> h.createQuery("SELECT * FROM api_tokens ORDER BY created_at, id").map(MAPPER).list());
    }

    /** Revokes every live token with a scope on {@code team}: a team's tokens do not outlive it. */
    public List<ApiToken> revokeScopedTo(String team) {
        return jdbi.with(h -> h.createQuery("""
                        UPDATE api_tokens SET revoked_at = now()
                        WHERE revoked_at IS NULL AND (:read = ANY(scopes) OR :write = ANY(scopes)) RETURNING *""")
                .bind("read", "team:" + team + ":read")
                .bind("write", "team:" + team + ":write")
                .map(MAPPER)
                .list());
    }

    /** Revokes a live token; empty when there is no such live token. */
    public Optional<ApiToken> revoke(String id) {
        return jdbi.with(h -> h.createQuery(
                        "UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL RETURNING *")
                .bind("id", id)
                .map(MAPPER)
                .findOne());
    }
}
