package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.bootstrap.EnvoyBootstrap;
import io.flowplane.api.checks.QueryInteger;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.Listener;
import io.flowplane.core.model.Secrets;
import io.flowplane.core.store.DataplaneStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Dataplanes of a team, addressed by name (or by id) under the team. */
@Path("/api/v1/teams/{team}/dataplanes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataplaneResource {
    /** The guide's body: {team, name, gateway_host, description}; node_clusters is Flowplane's addition. */
    public record CreateDataplane(String team, String name, String gatewayHost, String description, List<String> nodeClusters) {}

    /** A full replacement; id, name, team and the timestamps may be sent back unchanged from a GET. */
    public record UpdateDataplane(String id, String team, String name, String gatewayHost, String description,
            List<String> nodeClusters, Long version, String createdAt, String updatedAt) {}

    static final int MAX_NODE_CLUSTER_LENGTH = 255;
    public static final String CREDENTIAL_HEADER = "X-Flowplane-Dataplane-Credential";

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
        Caller caller = CallerFactory.of(request);
        Access.requireWrite(caller, team);
        Validate.body(body);
        Validate.sameTeam(team, body.team());
        String name = Validate.name("name", body.name());
        String gatewayHost = gatewayHost(body.gatewayHost());
        String description = Validate.optionalText("description", body.description(), 1024);
        List<String> nodeClusters = nodeClusters(body.nodeClusters());
        Dataplane created = primary.inTransaction(tx -> {
            tx.teams().find(team).orElseThrow(() -> ApiException.notFound("team " + Echo.quote(team)));
            if (tx.dataplanes().find(team, name).isPresent()) {
                throw ApiException.conflict("dataplane '" + name + "' already exists in team '" + team + "'", "name");
            }
            requireOwnNodeClusters(tx, team, nodeClusters);
            Dataplane dataplane = tx.dataplanes().create(team, name, gatewayHost, description, nodeClusters);
            AuditTrail.record(tx, caller, "create", "dataplane", dataplane.id(), name, team, dataplane);
            return dataplane;
        });
        return Responses.created("/api/v1/teams/" + team + "/dataplanes/" + name, created, created.version());
    }

    @GET
    public List<Dataplane> list(@Context ContainerRequestContext request, @PathParam("team") String team) {
        Access.requireRead(CallerFactory.of(request), team);
        reads.teams().find(team).orElseThrow(() -> ApiException.notFound("team " + Echo.quote(team)));
        return reads.dataplanes().list(team);
    }

    @GET
    @Path("{dataplane}")
    public Response get(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane) {
        Access.requireRead(CallerFactory.of(request), team);
        Dataplane found = find(reads.dataplanes(), team, dataplane);
        return Responses.ok(found, found.version());
    }

    @PUT
    @Path("{dataplane}")
    public Response update(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateDataplane body) {
        Caller caller = CallerFactory.of(request);
        Access.requireWrite(caller, team);
        Validate.body(body);
        Validate.sameTeam(team, body.team());
        Validate.timestamp("created_at", body.createdAt());
        Validate.timestamp("updated_at", body.updatedAt());
        ExpectedVersion expected = ExpectedVersion.required(ifMatch, body.version());
        String gatewayHost = gatewayHost(body.gatewayHost());
        String description = Validate.optionalText("description", body.description(), 1024);
        List<String> nodeClusters = nodeClusters(body.nodeClusters());
        Dataplane updated = primary.inTransaction(tx -> {
            Dataplane current = find(tx.dataplanes(), team, dataplane);
            TeamScoped.unchanged("name", current.name(), body.name());
            TeamScoped.unchanged("id", current.id(), body.id());
            requireOwnNodeClusters(tx, team, nodeClusters);
            Dataplane changed = tx.dataplanes().update(current.id(), gatewayHost, description, nodeClusters, expected.value())
                    .orElseThrow(() -> expected.staleOrGone(
                            tx.dataplanes().findById(current.id()).map(Dataplane::version), describe(team, dataplane)));
            AuditTrail.record(tx, caller, "update", "dataplane", changed.id(), changed.name(), team, changed);
            return changed;
        });
        return Responses.ok(updated, updated.version());
    }

    /** Refused with 409 while listeners are assigned to the dataplane; the answer names them. */
    @DELETE
    @Path("{dataplane}")
    public Response delete(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, DeleteRequest body) {
        Caller caller = CallerFactory.of(request);
        Access.requireWrite(caller, team);
        ExpectedVersion expected = ExpectedVersion.optional(ifMatch, DeleteRequest.versionOf(body));
        primary.inTransaction(tx -> {
            Dataplane current = find(tx.dataplanes(), team, dataplane);
            tx.dataplanes().lock(current.id());
            List<Listener> listeners = tx.listeners().onDataplane(current.id());
            if (!listeners.isEmpty()) {
                throw ApiException.conflict("dataplane '" + current.name() + "' still has listeners; delete or move them first: "
                        + listeners.stream().map(l -> l.name() + " (" + l.id() + ")").collect(Collectors.joining(", ")), null);
            }
            Dataplane deleted = tx.dataplanes().delete(current.id(), expected.value())
                    .orElseThrow(() -> expected.staleOrGone(
                            tx.dataplanes().findById(current.id()).map(Dataplane::version), describe(team, dataplane)));
            AuditTrail.record(tx, caller, "delete", "dataplane", deleted.id(), deleted.name(), team, deleted);
            return deleted;
        });
        return Responses.deleted();
    }

    /**
     * An Envoy bootstrap that binds the Envoy to this dataplane and points ADS at the control plane. With
     * the dataplane's credential in {@value #CREDENTIAL_HEADER} (from POST .../credentials; a header, so it
     * stays out of URLs and access logs), the bootstrap carries it on the ADS stream.
     */
    @GET
    @Path("{dataplane}/bootstrap")
    @Produces({"application/yaml", MediaType.APPLICATION_JSON})
    public Response bootstrap(
            @Context ContainerRequestContext request,
            @PathParam("team") String team,
            @PathParam("dataplane") String name,
            @QueryParam("node_id") String nodeId,
            @QueryParam("admin_port") String adminPortText,
            @QueryParam("format") @DefaultValue("yaml") String format,
            @HeaderParam(CREDENTIAL_HEADER) String credential) {
        Access.requireRead(CallerFactory.of(request), team);
        Dataplane dataplane = find(reads.dataplanes(), team, name);
        int adminPort = QueryInteger.parse("admin_port", adminPortText, 9901, 1, 65535);
        String node = nodeId == null || nodeId.isBlank() ? dataplane.name() + "-envoy" : nodeId;
        if (!"yaml".equals(format) && !"json".equals(format)) {
            throw ApiException.invalid("format", Echo.quote(format) + " is not one of yaml, json");
        }
        String carried = credential == null || credential.isBlank() ? null : activeCredential(dataplane, credential);
        return "yaml".equals(format)
                ? Response.ok(bootstrap.yaml(dataplane, node, adminPort, carried), "application/yaml").build()
                : Response.ok(bootstrap.json(dataplane, node, adminPort, carried), MediaType.APPLICATION_JSON).build();
    }

    /** The credential, when it is one of the dataplane's live ones (a replica may not have the newest yet). */
    private String activeCredential(Dataplane dataplane, String credential) {
        String hash = Secrets.sha256(credential.strip());
        Instant now = Instant.now();
        boolean active = Stream.of(reads, primary)
                .anyMatch(stores -> stores.dataplanes().findById(dataplane.id()).stream()
                        .flatMap(d -> d.credentials().stream())
                        .anyMatch(c -> c.sha256().equals(hash) && c.activeAt(now)));
        if (!active) {
            throw ApiException.unprocessable(CREDENTIAL_HEADER, "is not a live credential of dataplane '"
                    + dataplane.name() + "'; issue one with POST .../dataplanes/" + dataplane.name() + "/credentials");
        }
        return credential.strip();
    }

    /** By name in the team, or by id when the id belongs to the team. */
    static Dataplane find(DataplaneStore store, String team, String nameOrId) {
        Optional<Dataplane> byName = store.find(team, nameOrId);
        return byName.or(() -> store.findById(nameOrId).filter(d -> d.team().equals(team)))
                .orElseThrow(() -> ApiException.notFound(describe(team, nameOrId)));
    }

    /**
     * A node cluster name belongs to one team: an Envoy found by it must not become ambiguous, or bound to
     * the wrong team, because another team listed the same name.
     */
    private static void requireOwnNodeClusters(ConfigStores tx, String team, List<String> nodeClusters) {
        Map<String, String> held = tx.dataplanes().nodeClustersOfOtherTeams(team, nodeClusters);
        if (!held.isEmpty()) {
            throw ApiException.conflict(held.entrySet().stream()
                    .map(e -> "node cluster " + Echo.quote(e.getKey()) + " is held by team " + Echo.quote(e.getValue()))
                    .collect(Collectors.joining("; ")) + "; a node cluster name belongs to one team", "node_clusters");
        }
    }

    private static String describe(String team, String dataplane) {
        return "dataplane " + Echo.quote(dataplane) + " in team " + Echo.quote(team);
    }

    private static String gatewayHost(String value) {
        return value == null ? null : Validate.host("gateway_host", value);
    }

    private static List<String> nodeClusters(List<String> value) {
        if (value == null) {
            return List.of();
        }
        for (int i = 0; i < value.size(); i++) {
            Validate.optionalText("node_clusters[" + i + "]", value.get(i), MAX_NODE_CLUSTER_LENGTH);
        }
        return Validate.distinct("node_clusters", value);
    }
}
