package io.flowplane.api.failovers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowplane.api.auth.Access;
import io.flowplane.core.auth.Caller;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.checks.QueryInteger;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.api.errors.SafeText;
import io.flowplane.api.errors.TemporalCalls;
import io.flowplane.api.resources.ConfigStores;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final OperationAudit audit;

    public FailoverResource(Failovers failovers, ConfigStores primary) {
        this.failovers = failovers;
        this.audit = new OperationAudit(primary);
    }

    @POST
    public Response start(@Context ContainerRequestContext request, JsonNode body) {
        Caller caller = CallerFactory.of(request);
        Access.requireAdmin(caller);
        FailoverSpec spec = FailoverSpec.parse(body);
        FailoverView started = temporal(() -> failovers.start(spec));
        if (spec.dryRun()) {
            return Response.ok(started).build();
        }
        audit.record(caller, "start", started.id(), spec.kind(), Map.of("kind", spec.kind(), "target", spec.target()));
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

    /**
     * A failover waiting for approval: accept the possible data loss, so it goes on. The approver is the
     * caller's token (name and id); {@code comment} (or, as before, {@code approver}) goes beside it.
     */
    @POST
    @Path("{id}/approve")
    public Response approve(@Context ContainerRequestContext request, @PathParam("id") String id, JsonNode body) {
        Caller caller = CallerFactory.of(request);
        Access.requireAdmin(caller);
        boolean overrideMaxLag = body != null && body.isObject() && body.has(OVERRIDE_MAX_LAG);
        if (overrideMaxLag && !body.get(OVERRIDE_MAX_LAG).isBoolean()) {
            throw ApiException.invalid(OVERRIDE_MAX_LAG, "must be true or false");
        }
        overrideMaxLag = overrideMaxLag && body.get(OVERRIDE_MAX_LAG).asBoolean();
        String comment = optionalField(withoutField(body, OVERRIDE_MAX_LAG), "comment", "approver");
        String approver = OperationAudit.actor(caller) + (comment == null ? "" : ": " + comment);
        String answer = overrideMaxLag ? temporal(() -> failovers.approveOverridingMaxLag(id, approver))
                : temporal(() -> failovers.approve(id, approver));
        audit.record(caller, "approve", id, null, detail("comment", comment, answer));
        return Response.ok(answer(id, "approve", "approver", approver, answer)).build();
    }

    /** Ends an operation before its point of no return; the reason is recorded with who gave it. */
    @POST
    @Path("{id}/abort")
    public Response abort(@Context ContainerRequestContext request, @PathParam("id") String id, JsonNode body) {
        Caller caller = CallerFactory.of(request);
        Access.requireAdmin(caller);
        String reason = requiredField(body, "reason");
        String attributed = reason + " (by " + OperationAudit.actor(caller) + ")";
        String answer = temporal(() -> failovers.abort(id, attributed));
        audit.record(caller, "abort", id, null, detail("reason", reason, answer));
        return Response.ok(answer(id, "abort", "reason", attributed, answer)).build();
    }

    private static Map<String, Object> answer(String id, String action, String field, String value, String answer) {
        return Map.of("id", id, "action", action, field, value, "answer", answer);
    }

    private static Map<String, Object> detail(String field, String value, String answer) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(field, value);
        detail.put("answer", answer);
        return detail;
    }

    /** The body's one text field, which must be there. */
    private static String requiredField(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "missing_body", "request body is required: {\"" + name + "\": \"...\"}", null);
        }
        String value = optionalField(body, name);
        if (value == null) {
            throw ApiException.invalid(name, "is required (a non-empty string)");
        }
        return value;
    }

    /** The approval's flag that also overrides a failover's max_lag_bytes rule. */
    private static final String OVERRIDE_MAX_LAG = "override_max_lag";

    private static JsonNode withoutField(JsonNode body, String field) {
        if (body == null || !body.isObject() || !body.has(field)) {
            return body;
        }
        ObjectNode rest = ((ObjectNode) body).deepCopy();
        rest.remove(field);
        return rest.isEmpty() ? null : rest;
    }

    /** The one text field the body may have, under any of {@code names}; null when there is no body or field. */
    private static String optionalField(JsonNode body, String... names) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw new ApiException(400, "invalid_body", "the body is a JSON object {\"" + names[0] + "\": \"...\"}", null);
        }
        List<String> allowed = List.of(names);
        String name = null;
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!allowed.contains(field)) {
                throw ApiException.invalid(field, "unknown field; the body is {" + names[0] + "}");
            }
            if (name != null) {
                throw ApiException.invalid(field, "give one of " + String.join(", ", names) + ", not both");
            }
            name = field;
        }
        if (name == null) {
            return null;
        }
        String given = name;
        JsonNode value = body.get(given);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.invalid(given, "is a non-empty string when given");
        }
        if (value.asText().length() > 256) {
            throw ApiException.invalid(given, "is longer than 256 characters");
        }
        SafeText.problemInText(value.asText()).ifPresent(problem -> {
            throw ApiException.invalid(given, problem);
        });
        return value.asText();
    }

    private static <T> T temporal(Supplier<T> call) {
        return TemporalCalls.call(call);
    }
}
