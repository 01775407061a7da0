package io.flowplane.api.resources;

import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.RouteConfigSpec;
import io.flowplane.core.model.VirtualHostSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@Path("/api/v1/route-configs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouteConfigResource {
    public record CreateRouteConfig(String team, String name, List<VirtualHostSpec> virtualHosts) {}

    /** A full replacement; id, team, name and the timestamps may be sent back unchanged from a GET. */
    public record UpdateRouteConfig(String id, String team, String name, List<VirtualHostSpec> virtualHosts, Long version,
            String createdAt, String updatedAt) implements VersionedResource.Replacement {}

    private static final VersionedResource<RouteConfigSpec> ROUTE_CONFIG = new VersionedResource<>("route_config",
            "route config", (stores, id) -> stores.routeConfigs().findSpecById(id),
            rc -> new VersionedResource.Identity(rc.id(), rc.team(), rc.name(), rc.version()));

    private final ConfigStores primary;
    private final ConfigStores reads;

    public RouteConfigResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateRouteConfig body) {
        Caller caller = CallerFactory.of(request);
        Validate.body(body);
        String team = TeamScoped.writableTeam(caller, primary, body.team());
        String name = Validate.name("name", body.name());
        RouteValidator validator = new RouteValidator();
        List<VirtualHostSpec> virtualHosts = validator.validate(body.virtualHosts());
        RouteConfigSpec created = primary.inTransaction(tx -> {
            requireClusters(tx, team, validator.clusterFields());
            if (tx.routeConfigs().find(team, name).isPresent()) {
                throw ApiException.conflict("route config '" + name + "' already exists in team '" + team + "'", "name");
            }
            RouteConfigSpec routeConfig = tx.routeConfigs().createSpec(team, name, virtualHosts);
            AuditTrail.record(tx, caller, "create", "route_config", routeConfig.id(), name, team, routeConfig);
            return routeConfig;
        });
        return Responses.created("/api/v1/route-configs/" + created.id(), created, created.version());
    }

    @GET
    public List<RouteConfigSpec> list(@Context ContainerRequestContext request, @QueryParam("team") String team) {
        return reads.routeConfigs().listSpecs(TeamScoped.readableTeam(CallerFactory.of(request), team));
    }

    @GET
    @Path("{id}")
    public Response get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return ROUTE_CONFIG.get(reads, CallerFactory.of(request), id);
    }

    @PUT
    @Path("{id}")
    public Response update(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateRouteConfig body) {
        return ROUTE_CONFIG.update(primary, CallerFactory.of(request), id, ifMatch, body, (tx, current, expectedVersion) -> {
            RouteValidator validator = new RouteValidator();
            List<VirtualHostSpec> virtualHosts = validator.validate(body.virtualHosts());
            requireClusters(tx, current.team(), validator.clusterFields());
            return tx.routeConfigs().updateSpec(id, virtualHosts, expectedVersion);
        });
    }

    /** Refused with 409 while listeners route through it; the answer names them. */
    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, DeleteRequest body) {
        return ROUTE_CONFIG.delete(primary, CallerFactory.of(request), id, ifMatch, body,
                (tx, lockedId) -> tx.routeConfigs().lock(lockedId),
                (tx, current, expectedVersion) -> {
                    requireUnused(tx, current);
                    return tx.routeConfigs().delete(id, expectedVersion);
                });
    }

    private static void requireUnused(ConfigStores tx, RouteConfigSpec routeConfig) {
        List<Listener> listeners = tx.listeners().usingRouteConfig(routeConfig.team(), routeConfig.name());
        if (!listeners.isEmpty()) {
            throw ApiException.conflict("route config '" + routeConfig.name() + "' is used by listeners "
                    + listeners.stream().map(l -> l.name() + " (" + l.id() + ")").collect(Collectors.joining(", "))
                    + "; change or delete them first", null);
        }
    }

    /** Every named cluster must exist in the team; they stay share-locked until the write commits. */
    private static void requireClusters(ConfigStores tx, String team, Map<String, String> clusterFields) {
        Set<String> existing = new HashSet<>(tx.clusters().lockExisting(team, clusterFields.keySet()));
        for (Map.Entry<String, String> use : clusterFields.entrySet()) {
            if (!existing.contains(use.getKey())) {
                throw ApiException.unprocessable(use.getValue(),
                        "cluster '" + use.getKey() + "' does not exist in team '" + team + "'");
            }
        }
    }
}
