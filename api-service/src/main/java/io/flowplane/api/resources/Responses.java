package io.flowplane.api.resources;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Answers that carry the resource's version as an ETag, for If-Match on the next write. */
final class Responses {
    private Responses() {}

    static Response ok(Object entity, long version) {
        return Response.ok(entity).tag(tag(version)).build();
    }

    static Response created(String location, Object entity, long version) {
        return Response.created(URI.create(location)).entity(entity).tag(tag(version)).build();
    }

    static Response deleted() {
        return Response.noContent().build();
    }

    private static EntityTag tag(long version) {
        return new EntityTag(Long.toString(version));
    }
}
