package io.flowplane.api.auth;

import java.util.List;

/**
 * Who is calling, by the scopes of their token: {@code admin}, {@code team:NAME:read},
 * {@code team:NAME:write} (write implies read).
 */
public record Caller(List<String> scopes) {
    public boolean isAdmin() {
        return scopes.contains("admin");
    }

    public boolean canRead(String team) {
        return isAdmin() || scopes.contains("team:" + team + ":read") || canWrite(team);
    }

    public boolean canWrite(String team) {
        return isAdmin() || scopes.contains("team:" + team + ":write");
    }
}
