package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.bootstrap.EnvoyBootstrap;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.Dataplane;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

@Path("/api/v1/teams/{team}/dataplanes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataplaneResource {
    /** The guide's body: {team, name, gateway_host, description}; node_clusters is Flowplane's addition. */
    public record CreateDataplane(String team, String name, String gatewayHost, String description, List<String> nodeClusters) {}

    private final ConfigStores primary;
    private final ConfigStores reads;
    private final EnvoyBootstrap bootstrap;

    public DataplaneResource(ConfigStores primary, ConfigStores reads, EnvoyBootstrap bootstrap) {
        this.primary = primary;
        this.reads = reads;
        this.bootstrap = bootstrap;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, @PathParam("team") String team, CreateDataplane body) {
        Access.requireWrite(CallerFactory.of(request), team);
        Validate.body(body);
        Validate.sameTeam(team, body.team());
        String name = Validate.name("name", body.name());
        String gatewayHost = body.gatewayHost() == null ? null : Validate.host("gateway_host", body.gatewayHost());
        String description = Validate.optionalText("description", body.description(), 1024);
        List<String> nodeClusters = body.nodeClusters() == null ? List.of() : body.nodeClusters();
        for (int i = 0; i < nodeClusters.size(); i++) {
            Validate.required("node_clusters[" + i + "]", nodeClusters.get(i));
        }
        primary.teams().find(team).orElseThrow(() -> ApiException.notFound("team '" + team + "'"));
        if (primary.dataplanes().find(team, name).isPresent()) {
            throw ApiException.conflict("dataplane '" + name + "' already exists in team '" + team + "'", "name");
        }
        Dataplane created = primary.dataplanes().create(team, name, gatewayHost, description, nodeClusters);
        return Response.created(URI.create("/api/v1/teams/" + team + "/dataplanes/" + name)).entity(created).build();
    }

    @GET
    public List<Dataplane> list(@Context ContainerRequestContext request, @PathParam("team") String team) {
        Access.requireRead(CallerFactory.of(request), team);
        return reads.dataplanes().list(team);
    }

    @GET
    @Path("{name}")
    public Dataplane get(@Context ContainerRequestContext request, @PathParam("team") String team, @PathParam("name") String name) {
        Access.requireRead(CallerFactory.of(request), team);
        return find(team, name);
    }

    /** An Envoy bootstrap that binds the Envoy to this dataplane and points ADS at the control plane. */
    @GET
    @Path("{name}/bootstrap")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    public Response bootstrap(
            @Context ContainerRequestContext request,
            @PathParam("team") String team,
            @PathParam("name") String name,
            @QueryParam("node_id") String nodeId,
            @QueryParam("admin_port") @DefaultValue("9901") int adminPort,
            @QueryParam("format") @DefaultValue("yaml") String format) {
        Access.requireRead(CallerFactory.of(request), team);
        Dataplane dataplane = find(team, name);
        if (adminPort < 1 || adminPort > 65535) {
            throw ApiException.invalid("admin_port", adminPort + " is not a port between 1 and 65535");
        }
        String node = nodeId == null || nodeId.isBlank() ? dataplane.name() + "-envoy" : nodeId;
        return switch (format) {
            case "yaml" -> Response.ok(bootstrap.yaml(dataplane, node, adminPort), "application/yaml").build();
            case "json" -> Response.ok(bootstrap.json(dataplane, node, adminPort), MediaType.APPLICATION_JSON).build();
            default -> throw ApiException.invalid("format", "'" + format + "' is not one of yaml, json");
        };
    }

    private Dataplane find(String team, String name) {
        return reads.dataplanes().find(team, name)
                .orElseThrow(() -> ApiException.notFound("dataplane '" + name + "' in team '" + team + "'"));
    }
}
