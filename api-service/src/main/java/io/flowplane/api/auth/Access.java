package io.flowplane.api.auth;

import io.flowplane.core.auth.Caller;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;

/**
 * Scope checks. A team the caller has no scope on answers 404, so tokens cannot probe which teams
 * exist; read-only access to a team answers writes with 403.
 */
public final class Access {
    private Access() {}

    public static void requireRead(Caller caller, String team) {
        if (!caller.canRead(team)) {
            throw ApiException.notFound("team " + Echo.quote(team));
        }
    }

    public static void requireWrite(Caller caller, String team) {
        requireRead(caller, team);
        if (!caller.canWrite(team)) {
            throw new ApiException(403, "forbidden", "token lacks scope team:" + team + ":write", null);
        }
    }

    public static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ApiException(403, "forbidden", "token lacks scope admin", null);
        }
    }
}
