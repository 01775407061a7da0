package io.flowplane.core.auth;

import java.util.List;

/**
 * Who is calling: the token's id and name (for the audit log) and its scopes, {@code admin},
 * {@code team:NAME:read} or {@code team:NAME:write} (write implies read).
 */
public record Caller(String tokenId, String tokenName, List<String> scopes) {
    public boolean isAdmin() {
        return scopes.contains("admin");
    }

    public boolean canRead(String team) {
        return isAdmin() || scopes.contains("team:" + team + ":read") || canWrite(team);
    }

    public boolean canWrite(String team) {
        return isAdmin() || scopes.contains("team:" + team + ":write");
    }

    /** Teams named in the scopes; an admin reads every team besides these. */
    public List<String> namedTeams() {
        return scopes.stream().filter(s -> s.startsWith("team:"))
                .map(s -> s.substring(5, s.lastIndexOf(':'))).distinct().toList();
    }
}
