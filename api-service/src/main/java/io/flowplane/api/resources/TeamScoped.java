package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.api.auth.Caller;
import io.flowplane.api.errors.ApiException;

/** Shared checks for resources whose body names their team (clusters, route configs, listeners). */
final class TeamScoped {
    private TeamScoped() {}

    static String writableTeam(Caller caller, ConfigStores primary, String team) {
        Validate.name("team", team);
        Access.requireWrite(caller, team);
        primary.teams().find(team).orElseThrow(() -> ApiException.notFound("team '" + team + "'"));
        return team;
    }

    static String readableTeam(Caller caller, String team) {
        if (team == null || team.isBlank()) {
            throw ApiException.invalid("team", "query parameter is required, for example ?team=platform");
        }
        Access.requireRead(caller, team);
        return team;
    }
}
