package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One documented operation: method, path template, parameters, and its request body schema (null: none). */
public record ApiOperation(String method, String path, List<Parameter> parameters, JsonNode bodySchema, boolean bodyRequired,
        JsonNode bodyExample, boolean isPublic) {
    /** {@code in} is path, query or header; the schema is resolved. */
    public record Parameter(String name, String in, boolean required, JsonNode schema) {}

    public List<Parameter> in(String where) {
        return parameters.stream().filter(p -> p.in().equals(where)).toList();
    }

    public boolean hasBody() {
        return bodySchema != null;
    }

    public boolean writes() {
        return !method.equals("GET");
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
