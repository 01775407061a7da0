package io.flowplane.api.resources;

import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Endpoint;
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

@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClusterResource {
    public record EndpointBody(String host, Integer port) {}

    public record CreateCluster(String team, String name, List<EndpointBody> endpoints, Integer connectTimeoutMs) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public ClusterResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateCluster body) {
        Validate.body(body);
        String team = TeamScoped.writableTeam(CallerFactory.of(request), primary, body.team());
        String name = Validate.name("name", body.name());
        if (body.endpoints() == null || body.endpoints().isEmpty()) {
            throw ApiException.invalid("endpoints", "at least one endpoint {host, port} is required");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < body.endpoints().size(); i++) {
            EndpointBody e = body.endpoints().get(i);
            if (e == null) {
                throw ApiException.invalid("endpoints[" + i + "]", "must be an object {host, port}");
            }
            endpoints.add(new Endpoint(Validate.host("endpoints[" + i + "].host", e.host()),
                    Validate.port("endpoints[" + i + "].port", e.port())));
        }
        int connectTimeoutMs = body.connectTimeoutMs() == null ? 5000 : body.connectTimeoutMs();
        if (connectTimeoutMs < 1 || connectTimeoutMs > 600_000) {
            throw ApiException.invalid("connect_timeout_ms", connectTimeoutMs + " is not between 1 and 600000");
        }
        if (primary.clusters().find(team, name).isPresent()) {
            throw ApiException.conflict("cluster '" + name + "' already exists in team '" + team + "'", "name");
        }
        Cluster created = primary.clusters().create(team, name, endpoints, connectTimeoutMs);
        return Response.created(URI.create("/api/v1/clusters/" + created.id())).entity(created).build();
    }

    @GET
    public List<Cluster> list(@Context ContainerRequestContext request, @QueryParam("team") String team) {
        return reads.clusters().list(TeamScoped.readableTeam(CallerFactory.of(request), team));
    }
}
