package io.flowplane.api.resources;

/** The optional body of a DELETE: the version the client expects to delete. */
public record DeleteRequest(Long version) {
    static Long versionOf(DeleteRequest body) {
        return body == null ? null : body.version();
    }
}
