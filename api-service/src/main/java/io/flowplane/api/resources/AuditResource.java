package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.checks.QueryInteger;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.AuditEntry;
import io.flowplane.core.store.AuditStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;

/** The audit log, newest first. Admins see everything; others see the teams they can read. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    static final Set<String> RESOURCE_TYPES = Set.of("team", "dataplane", "cluster", "route_config", "listener", "token",
            "operation");

    private final ConfigStores reads;

    public AuditResource(ConfigStores reads) {
        this.reads = reads;
    }

    @GET
    public List<AuditEntry> list(
            @Context ContainerRequestContext request,
            @QueryParam("team") String team,
            @QueryParam("resource_type") String resourceType,
            @QueryParam("resource_id") String resourceId,
            @QueryParam("limit") String limitText) {
        Caller caller = CallerFactory.of(request);
        if (resourceType != null && !RESOURCE_TYPES.contains(resourceType)) {
            throw ApiException.invalid("resource_type", Echo.quote(resourceType) + " is not one of "
                    + String.join(", ", RESOURCE_TYPES.stream().sorted().toList()));
        }
        int limit = QueryInteger.parse("limit", limitText, 100, 1, 1000);
        List<String> teams;
        if (team != null && !team.isBlank()) {
            Validate.name("team", team);
            Access.requireRead(caller, team);
            teams = List.of(team);
        } else {
            teams = caller.isAdmin() ? null : caller.namedTeams();
        }
        return reads.audit().list(new AuditStore.Filter(teams, blankToNull(resourceType), blankToNull(resourceId), limit));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
