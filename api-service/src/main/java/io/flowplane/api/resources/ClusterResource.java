package io.flowplane.api.resources;

import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.core.model.Cluster;
import io.flowplane.core.model.Endpoint;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Path("/api/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ClusterResource {
    public record EndpointBody(String host, Integer port) {}

    public record CreateCluster(String team, String name, List<EndpointBody> endpoints, Integer connectTimeoutMs) {}

    /** A full replacement; id, team, name and the timestamps may be sent back unchanged from a GET. */
    public record UpdateCluster(String id, String team, String name, List<EndpointBody> endpoints, Integer connectTimeoutMs,
            Long version, String createdAt, String updatedAt) implements VersionedResource.Replacement {}

    private static final VersionedResource<Cluster> CLUSTER = new VersionedResource<>("cluster", "cluster",
            (stores, id) -> stores.clusters().findById(id),
            c -> new VersionedResource.Identity(c.id(), c.team(), c.name(), c.version()));

    private final ConfigStores primary;
    private final ConfigStores reads;

    public ClusterResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response create(@Context ContainerRequestContext request, CreateCluster body) {
        Caller caller = CallerFactory.of(request);
        Validate.body(body);
        String team = TeamScoped.writableTeam(caller, primary, body.team());
        String name = Validate.name("name", body.name());
        List<Endpoint> endpoints = endpoints(body.endpoints());
        int connectTimeoutMs = connectTimeoutMs(body.connectTimeoutMs());
        Cluster created = primary.inTransaction(tx -> {
            if (tx.clusters().find(team, name).isPresent()) {
                throw ApiException.conflict("cluster '" + name + "' already exists in team '" + team + "'", "name");
            }
            Cluster cluster = tx.clusters().create(team, name, endpoints, connectTimeoutMs);
            AuditTrail.record(tx, caller, "create", "cluster", cluster.id(), name, team, cluster);
            return cluster;
        });
        return Responses.created("/api/v1/clusters/" + created.id(), created, created.version());
    }

    @GET
    public List<Cluster> list(@Context ContainerRequestContext request, @QueryParam("team") String team) {
        return reads.clusters().list(TeamScoped.readableTeam(CallerFactory.of(request), team));
    }

    @GET
    @Path("{id}")
    public Response get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return CLUSTER.get(reads, CallerFactory.of(request), id);
    }

    @PUT
    @Path("{id}")
    public Response update(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateCluster body) {
        return CLUSTER.update(primary, CallerFactory.of(request), id, ifMatch, body, (tx, current, expectedVersion) -> {
            List<Endpoint> endpoints = endpoints(body.endpoints());
            int connectTimeoutMs = connectTimeoutMs(body.connectTimeoutMs());
            return tx.clusters().update(id, endpoints, connectTimeoutMs, expectedVersion);
        });
    }

    /** Refused with 409 while a route configuration routes to the cluster; the answer names them. */
    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, DeleteRequest body) {
        return CLUSTER.delete(primary, CallerFactory.of(request), id, ifMatch, body,
                (tx, lockedId) -> tx.clusters().lock(lockedId),
                (tx, current, expectedVersion) -> {
                    requireUnused(tx, current);
                    return tx.clusters().delete(id, expectedVersion);
                });
    }

    private static void requireUnused(ConfigStores tx, Cluster cluster) {
        List<String> users = tx.routeConfigs().listSpecs(cluster.team()).stream()
                .filter(rc -> rc.clusterNames().contains(cluster.name()))
                .map(rc -> rc.name() + " (" + rc.id() + ")")
                .toList();
        if (!users.isEmpty()) {
            throw ApiException.conflict("cluster '" + cluster.name() + "' is used by route configs "
                    + String.join(", ", users) + "; change or delete them first", null);
        }
    }

    private static List<Endpoint> endpoints(List<EndpointBody> body) {
        if (body == null || body.isEmpty()) {
            throw ApiException.invalid("endpoints", "at least one endpoint {host, port} is required");
        }
        if (body.size() > 1000) {
            throw ApiException.invalid("endpoints", "at most 1000 endpoints, got " + body.size());
        }
        List<Endpoint> endpoints = new ArrayList<>();
        Set<Endpoint> seen = new HashSet<>();
        for (int i = 0; i < body.size(); i++) {
            EndpointBody e = body.get(i);
            if (e == null) {
                throw ApiException.invalid("endpoints[" + i + "]", "must be an object {host, port}");
            }
            Endpoint endpoint = new Endpoint(Validate.host("endpoints[" + i + "].host", e.host()),
                    Validate.port("endpoints[" + i + "].port", e.port()));
            if (!seen.add(endpoint)) {
                throw ApiException.invalid("endpoints[" + i + "]", endpoint.host() + ":" + endpoint.port() + " is listed twice");
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private static int connectTimeoutMs(Integer value) {
        int connectTimeoutMs = value == null ? 5000 : value;
        if (connectTimeoutMs < 1 || connectTimeoutMs > 600_000) {
            throw ApiException.invalid("connect_timeout_ms", connectTimeoutMs + " is not between 1 and 600000");
        }
        return connectTimeoutMs;
    }
}
