package io.flowplane.api.resources;

import io.flowplane.api.auth.Caller;
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
            Long version, String createdAt, String updatedAt) {}

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
        Cluster cluster = reads.clusters().findById(id).orElseThrow(() -> notFound(id));
        TeamScoped.requireRead(CallerFactory.of(request), cluster.team(), describe(id));
        return Responses.ok(cluster, cluster.version());
    }

    @PUT
    @Path("{id}")
    public Response update(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateCluster body) {
        Caller caller = CallerFactory.of(request);
        Validate.body(body);
        Cluster updated = primary.inTransaction(tx -> {
            Cluster current = tx.clusters().findById(id).orElseThrow(() -> notFound(id));
            TeamScoped.requireWrite(caller, current.team(), describe(id));
            ExpectedVersion expected = ExpectedVersion.required(ifMatch, body.version());
            TeamScoped.unchanged("id", current.id(), body.id());
            TeamScoped.unchanged("team", current.team(), body.team());
            TeamScoped.unchanged("name", current.name(), body.name());
            List<Endpoint> endpoints = endpoints(body.endpoints());
            int connectTimeoutMs = connectTimeoutMs(body.connectTimeoutMs());
            Cluster changed = tx.clusters().update(id, endpoints, connectTimeoutMs, expected.value())
                    .orElseThrow(() -> expected.staleOrGone(tx.clusters().findById(id).map(Cluster::version), describe(id)));
            AuditTrail.record(tx, caller, "update", "cluster", id, changed.name(), changed.team(), changed);
            return changed;
        });
        return Responses.ok(updated, updated.version());
    }

    /** Refused with 409 while a route configuration routes to the cluster; the answer names them. */
    @DELETE
    @Path("{id}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, DeleteRequest body) {
        Caller caller = CallerFactory.of(request);
        ExpectedVersion expected = ExpectedVersion.optional(ifMatch, DeleteRequest.versionOf(body));
        primary.inTransaction(tx -> {
            Cluster current = tx.clusters().lock(id).orElseThrow(() -> notFound(id));
            TeamScoped.requireWrite(caller, current.team(), describe(id));
            List<String> users = tx.routeConfigs().listSpecs(current.team()).stream()
                    .filter(rc -> rc.clusterNames().contains(current.name()))
                    .map(rc -> rc.name() + " (" + rc.id() + ")")
                    .toList();
            if (!users.isEmpty()) {
                throw ApiException.conflict("cluster '" + current.name() + "' is used by route configs "
                        + String.join(", ", users) + "; change or delete them first", null);
            }
            Cluster deleted = tx.clusters().delete(id, expected.value())
                    .orElseThrow(() -> expected.staleOrGone(tx.clusters().findById(id).map(Cluster::version), describe(id)));
            AuditTrail.record(tx, caller, "delete", "cluster", id, deleted.name(), deleted.team(), deleted);
            return deleted;
        });
        return Responses.deleted();
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

    private static String describe(String id) {
        return "cluster '" + id + "'";
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound(describe(id));
    }
}
