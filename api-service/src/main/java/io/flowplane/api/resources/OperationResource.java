package io.flowplane.api.resources;

import io.flowplane.api.auth.Access;
import io.flowplane.api.auth.CallerFactory;
import io.flowplane.api.checks.QueryInteger;
import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.api.errors.TemporalCalls;
import io.flowplane.api.operations.Operation;
import io.flowplane.api.operations.Operations;
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
import java.util.List;
import java.util.function.Supplier;

/** Operations run as Temporal workflows; each is also visible in the Temporal Web UI. */
@Path("/api/v1/operations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OperationResource {
    public record StartOperation(String kind) {}

    private final Operations operations;

    public OperationResource(Operations operations) {
        this.operations = operations;
    }

    @POST
    public Response start(@Context ContainerRequestContext request, StartOperation body) {
        Access.requireAdmin(CallerFactory.of(request));
        Validate.body(body);
        Validate.required("kind", body.kind());
        if (!Operations.kinds().contains(body.kind())) {
            throw ApiException.invalid("kind", Echo.quote(body.kind()) + " is not one of " + Operations.kinds());
        }
        Operation started = temporal(() -> operations.start(body.kind()));
        return Response.accepted(started).location(URI.create("/api/v1/operations/" + started.id())).build();
    }

    @GET
    @Path("{id}")
    public Operation get(@Context ContainerRequestContext request, @PathParam("id") String id) {
        Access.requireAdmin(CallerFactory.of(request));
        return temporal(() -> operations.find(id)).orElseThrow(() -> ApiException.notFound("operation " + Echo.quote(id)));
    }

    @GET
    public List<Operation> list(@Context ContainerRequestContext request, @QueryParam("limit") String limitText) {
        Access.requireAdmin(CallerFactory.of(request));
        int limit = QueryInteger.parse("limit", limitText, 50, 1, 1000);
        return temporal(() -> operations.list(limit));
    }

    private static <T> T temporal(Supplier<T> call) {
        return TemporalCalls.call(call);
    }
}
