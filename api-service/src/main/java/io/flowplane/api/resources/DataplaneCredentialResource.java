package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DataplaneCredential;
import io.flowplane.core.store.DataplaneStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dataplane's xDS credentials: the bearer secret its Envoys send on their ADS stream. A new one is
 * shown once; the others stay valid for an overlap; revoking ends the streams that use them.
 */
@Path("/api/v1/teams/{team}/dataplanes/{dataplane}/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataplaneCredentialResource {
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(1);
    static final long MAX_OVERLAP_SECONDS = Duration.ofDays(7).toSeconds();

    /** The optional body of an issue: how long the dataplane's other credentials stay valid. */
    public record IssueCredential(Long overlapSeconds) {}

    /** The secret appears here and nowhere else, ever. */
    public record IssuedCredential(String id, String dataplane, String credential, Instant createdAt,
            List<DataplaneCredential> others) {}

    private final ConfigStores primary;
    private final ConfigStores reads;

    public DataplaneCredentialResource(ConfigStores primary, ConfigStores reads) {
        this.primary = primary;
        this.reads = reads;
    }

    @POST
    public Response issue(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane, IssueCredential body) {
        Caller caller = CallerFactory.of(request);
        Access.requireWrite(caller, team);
        Duration overlap = overlap(body);
        DataplaneStore.IssuedCredential issued = primary.inTransaction(tx -> {
            Dataplane current = DataplaneResource.find(tx.dataplanes(), team, dataplane);
            DataplaneStore.IssuedCredential credential;
            try {
                credential = tx.dataplanes().issueCredential(current.id(), overlap).orElseThrow();
            } catch (IllegalStateException e) {
                throw ApiException.conflict(e.getMessage(), "overlap_seconds");
            }
            AuditTrail.record(tx, caller, "issue-credential", "dataplane", current.id(), current.name(), team,
                    Map.of("credential_id", credential.credential().id(), "overlap_seconds", overlap.toSeconds()));
            return credential;
        });
        String id = issued.credential().id();
        List<DataplaneCredential> others = issued.dataplane().credentials().stream().filter(c -> !c.id().equals(id))
                .toList();
        return Response.status(201)
                .entity(new IssuedCredential(id, issued.dataplane().name(), issued.secret(),
                        issued.credential().createdAt(), others))
                .build();
    }

    /** Ids, creation and expiry; never a secret or its hash. */
    @GET
    public List<DataplaneCredential> list(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane) {
        Access.requireRead(CallerFactory.of(request), team);
        Instant now = Instant.now();
        return DataplaneResource.find(reads.dataplanes(), team, dataplane).credentials().stream()
                .filter(c -> c.activeAt(now)).toList();
    }

    /** Every credential of the dataplane: its Envoys' streams end, and none reconnects until it has a new one. */
    @DELETE
    public Map<String, Object> revokeAll(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane) {
        return revoke(request, team, dataplane, null);
    }

    @DELETE
    @Path("{credential}")
    public Map<String, Object> revokeOne(@Context ContainerRequestContext request, @PathParam("team") String team,
            @PathParam("dataplane") String dataplane, @PathParam("credential") String credentialId) {
        return revoke(request, team, dataplane, credentialId);
    }

    private Map<String, Object> revoke(ContainerRequestContext request, String team, String dataplane, String credentialId) {
        Caller caller = CallerFactory.of(request);
        Access.requireWrite(caller, team);
        List<String> revoked = primary.inTransaction(tx -> {
            Dataplane current = DataplaneResource.find(tx.dataplanes(), team, dataplane);
            tx.dataplanes().lock(current.id());
            List<String> ids = current.credentials().stream().map(DataplaneCredential::id)
                    .filter(id -> credentialId == null || id.equals(credentialId)).toList();
            if (credentialId != null && ids.isEmpty()) {
                throw ApiException.notFound("credential " + Echo.quote(credentialId) + " of dataplane "
                        + Echo.quote(current.name()));
            }
            tx.dataplanes().setCredentials(current.id(),
                    current.credentials().stream().filter(c -> !ids.contains(c.id())).toList());
            AuditTrail.record(tx, caller, "revoke-credentials", "dataplane", current.id(), current.name(), team,
                    Map.of("credential_ids", ids));
            return ids;
        });
        return Map.of("revoked", revoked);
    }

    private static Duration overlap(IssueCredential body) {
        if (body == null || body.overlapSeconds() == null) {
            return DEFAULT_OVERLAP;
        }
        long seconds = body.overlapSeconds();
        if (seconds < 0 || seconds > MAX_OVERLAP_SECONDS) {
            throw ApiException.invalid("overlap_seconds", seconds + " is not between 0 and " + MAX_OVERLAP_SECONDS
                    + " (7 days)");
        }
        return Duration.ofSeconds(seconds);
    }
}
