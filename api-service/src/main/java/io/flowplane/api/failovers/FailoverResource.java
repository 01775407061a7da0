package io.flowplane.api.failovers;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.api.auth.Access;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.checks.QueryInteger;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.api.errors.SafeText;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowServiceException;
import jakarta.ws.rs.Consumes;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Database failover, DATABASE_URL rotation and rolling restarts, run as Temporal workflows: start,
 * watch step by step, approve data loss, abort, list. Admin only.
 */
@Path("/api/v1/failovers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FailoverResource {
    private final Failovers failovers;

    public FailoverResource(Failovers failovers) {
        this.failovers = failovers;
    }

    @POST
    public Response start(@Context ContainerRequestContext request, JsonNode body) {
        Access.requireAdmin(CallerFactory.of(request));
        FailoverSpec spec = FailoverSpec.parse(body);
        FailoverView started = temporal(() -> failovers.start(spec));
        if (spec.dryRun()) {
            return Response.ok(started).build();
        }
        return Response.accepted(started).location(URI.create("/api/v1/failovers/" + started.id())).build();
    }

    @GET
    @Path("{id}")
    public FailoverView get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        Access.requireAdmin(CallerFactory.of(request));
        return temporal(() -> failovers.find(id)).orElseThrow(() -> ApiException.notFound("operation " + Echo.quote(id)));
    }

    @GET
    public List<FailoverView> list(
            @Context ContainerRequestContext request,
            @QueryParam("kind") String kind,
            @QueryParam("target") String target,
            @QueryParam("status") String status,
            @QueryParam("limit") String limitText) {
        Access.requireAdmin(CallerFactory.of(request));
        int limit = QueryInteger.parse("limit", limitText, 50, 1, 1000);
        return temporal(() -> failovers.list(kind, target, status, limit));
    }

    /** A failover waiting for approval: accept the possible data loss, so it goes on. */
    @POST
    @Path("{id}/approve")
    public Response approve(@Context ContainerRequestContext request, @PathParam("id") String id, JsonNode body) {
        return act(request, id, body, "approver", "approve", failovers::approve);
    }

    @POST
    @Path("{id}/abort")
    public Response abort(@Context ContainerRequestContext request, @PathParam("id") String id, JsonNode body) {
        return act(request, id, body, "reason", "abort", failovers::abort);
    }

    /** Sends the body's one text field to the run, and answers 200 with what the run said it does with it. */
    private Response act(ContainerRequestContext request, String id, JsonNode body, String fieldName, String action,
            BiFunction<String, String, String> send) {
        Access.requireAdmin(CallerFactory.of(request));
        String value = field(body, fieldName);
        String answer = temporal(() -> send.apply(id, value));
        return Response.ok(Map.of("id", id, "action", action, fieldName, value, "answer", answer)).build();
    }

    /** The one text field of an action's body, {approver} or {reason}. */
    private static String field(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "missing_body", "request body is required: {\"" + name + "\": \"...\"}", null);
        }
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals(name)) {
                throw ApiException.invalid(field, "unknown field; the body is {" + name + "}");
            }
        }
        JsonNode value = body.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.invalid(name, "is required (a non-empty string)");
        }
        if (value.asText().length() > 256) {
            throw ApiException.invalid(name, "is longer than 256 characters");
        }
        SafeText.problemInText(value.asText()).ifPresent(problem -> {
            throw ApiException.invalid(name, problem);
        });
        return value.asText();
    }

    private static <T> T temporal(Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException | WorkflowServiceException e) {
            throw new ApiException(503, "temporal_unavailable", "Temporal cannot be reached or refused the call: " + e.getMessage(), null);
        }
    }
}
