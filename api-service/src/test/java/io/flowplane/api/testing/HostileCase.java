package io.flowplane.api.testing;

import java.util.Set;

/**
 * One hostile request and what a good refusal of it looks like: a 4xx (one of {@code statuses} when
 * given) with the JSON error shape, naming {@code culprit} as the {@link Culprit} kind says.
 */
public record HostileCase(String operation, String description, RawHttp.Request request, Set<Integer> statuses, Culprit kind,
        String culprit) {
    public enum Culprit {
        /** A body field: the error's field is it (or an enclosing object), or the message names it. */
        FIELD,
        /** A path or query parameter: a 400 names it; other 4xx (404 for a missing resource) need not. */
        PARAMETER,
        /** A header: the error's field or message names it. */
        HEADER,
        /** The body as a whole, or the request before routing (URI, header block): no name needed. */
        REQUEST
    }

    @Override
    public String toString() {
        return operation + ": " + description;
    }
}
