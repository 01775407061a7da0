package io.flowplane.api.resources;

import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.RouteConfig;
import io.flowplane.core.model.RouteRule;
import io.flowplane.core.model.VirtualHost;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

@Path("/api/v1/route-configs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RouteConfigResource {
    public record CreateRouteConfig(String team, String name, List<VirtualHost> virtualHosts) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public RouteConfigResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateRouteConfig body) {
        Validate.body(body);
        String team = TeamScoped.writableTeam(CallerFactory.of(request), primary, body.team());
        String name = Validate.name("name", body.name());
        List<VirtualHost> virtualHosts = validVirtualHosts(team, body.virtualHosts());
        if (primary.routeConfigs().find(team, name).isPresent()) {
            throw ApiException.conflict("route config '" + name + "' already exists in team '" + team + "'", "name");
        }
        RouteConfig created = primary.routeConfigs().create(team, name, virtualHosts);
        return Response.created(URI.create("/api/v1/route-configs/" + created.id())).entity(created).build();
    }

    @GET
    public List<RouteConfig> list(@Context ContainerRequestContext request, @QueryParam("team") String team) {
        return reads.routeConfigs().list(TeamScoped.readableTeam(CallerFactory.of(request), team));
    }

    private List<VirtualHost> validVirtualHosts(String team, List<VirtualHost> virtualHosts) {
        if (virtualHosts == null || virtualHosts.isEmpty()) {
            throw ApiException.invalid("virtual_hosts", "at least one virtual host is required");
        }
        List<VirtualHost> valid = new ArrayList<>();
        for (int v = 0; v < virtualHosts.size(); v++) {
            String at = "virtual_hosts[" + v + "]";
            VirtualHost vh = virtualHosts.get(v);
            if (vh == null) {
                throw ApiException.invalid(at, "must be an object {name, domains, routes}");
            }
            Validate.name(at + ".name", vh.name());
            if (vh.domains() == null || vh.domains().isEmpty()) {
                throw ApiException.invalid(at + ".domains", "at least one domain is required, for example [\"*\"]");
            }
            if (vh.routes() == null || vh.routes().isEmpty()) {
                throw ApiException.invalid(at + ".routes", "at least one route is required");
            }
            for (int r = 0; r < vh.routes().size(); r++) {
                validRoute(team, at + ".routes[" + r + "]", vh.routes().get(r));
            }
            valid.add(vh);
        }
        return valid;
    }

    private void validRoute(String team, String at, RouteRule route) {
        if (route == null) {
            throw ApiException.invalid(at, "must be an object {prefix|path, cluster}");
        }
        if ((route.prefix() == null) == (route.path() == null)) {
            throw ApiException.invalid(at, "give exactly one of prefix or path");
        }
        String match = route.prefix() != null ? route.prefix() : route.path();
        if (!match.startsWith("/")) {
            throw ApiException.invalid(at + (route.prefix() != null ? ".prefix" : ".path"), "must start with '/'");
        }
        Validate.name(at + ".cluster", route.cluster());
        if (primary.clusters().find(team, route.cluster()).isEmpty()) {
            throw ApiException.unprocessable(at + ".cluster", "cluster '" + route.cluster() + "' does not exist in team '" + team + "'");
        }
        if (route.timeoutMs() != null && (route.timeoutMs() < 0 || route.timeoutMs() > 3_600_000)) {
            throw ApiException.invalid(at + ".timeout_ms", route.timeoutMs() + " is not between 0 and 3600000");
        }
    }
}
