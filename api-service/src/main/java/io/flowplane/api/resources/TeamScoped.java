package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.errors.ApiException;

/** Shared checks for resources that belong to a team. */
final class TeamScoped {
    private TeamScoped() {}

    /** The body's {@code team}: a team the caller cannot see is not found exactly like a missing one; both name the field. */
    static String writableTeam(Caller caller, ConfigStores primary, String team) {
        Validate.name("team", team);
        if (!caller.canRead(team)) {
            throw ApiException.notFound("team", "team '" + team + "'");
        }
        if (!caller.canWrite(team)) {
            throw new ApiException(403, "forbidden", "token lacks scope team:" + team + ":write", "team");
        }
        primary.teams().find(team).orElseThrow(() -> ApiException.notFound("team", "team '" + team + "'"));
        return team;
    }

    static String readableTeam(Caller caller, String team) {
        if (team == null || team.isBlank()) {
            throw ApiException.invalid("team", "query parameter is required, for example ?team=platform");
        }
        Validate.name("team", team);
        Access.requireRead(caller, team);
        return team;
    }

    /** Another team's resource is "not found", exactly like a missing one. */
    static void requireRead(Caller caller, String team, String what) {
        if (!caller.canRead(team)) {
            throw ApiException.notFound(what);
        }
    }

    static void requireWrite(Caller caller, String team, String what) {
        requireRead(caller, team, what);
        if (!caller.canWrite(team)) {
            throw new ApiException(403, "forbidden", "token lacks scope team:" + team + ":write", null);
        }
    }

    /** A body may repeat the resource's team and name, but not change them. */
    static void unchanged(String field, String current, String given) {
        if (given != null && !given.equals(current)) {
            throw ApiException.invalid(field, "cannot be changed (is '" + current + "'); create a new resource instead");
        }
    }
}
