package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The operations of an OpenAPI 3 document, with references and allOf resolved. */
public final class ApiDescription {
    private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

    private final JsonNode document;

    public ApiDescription(JsonNode document) {
        this.document = document;
    }

    public List<ApiOperation> operations() {
        List<ApiOperation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(operation(method, path.getKey(), path.getValue(), operation));
                }
            }
        });
        return operations;
    }

    /** The methods documented for each path. */
    public Map<String, Set<String>> methodsByPath() {
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        for (ApiOperation operation : operations()) {
            methods.computeIfAbsent(operation.path(), p -> new LinkedHashSet<>()).add(operation.method());
        }
        return methods;
    }

    /** The schema with $ref followed and allOf merged into one object schema. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode resolved = follow(schema);
        if (resolved == null || !resolved.has("allOf")) {
            return resolved;
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        ObjectNode properties = merged.putObject("properties");
        ArrayNode required = merged.putArray("required");
        merged.put("type", "object");
        for (JsonNode part : resolved.get("allOf")) {
            JsonNode p = resolve(part);
            p.path("properties").fields().forEachRemaining(f -> properties.set(f.getKey(), f.getValue()));
            p.path("required").forEach(required::add);
            if (p.has("additionalProperties")) {
                merged.set("additionalProperties", p.get("additionalProperties"));
            }
        }
        return merged;
    }

    private JsonNode follow(JsonNode node) {
        JsonNode current = node;
        while (current != null && current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private ApiOperation operation(String method, String path, JsonNode pathItem, JsonNode operation) {
        List<ApiOperation.Parameter> parameters = new ArrayList<>();
        for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode p : list) {
                JsonNode parameter = follow(p);
                parameters.add(new ApiOperation.Parameter(parameter.get("name").asText(), parameter.get("in").asText(),
                        parameter.path("required").asBoolean(false), resolve(parameter.path("schema"))));
            }
        }
        JsonNode body = follow(operation.get("requestBody"));
        JsonNode json = body == null ? null : body.path("content").path("application/json");
        JsonNode schema = json == null || json.isMissingNode() ? null : resolve(json.get("schema"));
        JsonNode example = json == null ? null : json.get("example");
        boolean isPublic = operation.has("security") && operation.get("security").isEmpty();
        return new ApiOperation(method.toUpperCase(Locale.ROOT), path, parameters, schema,
                body != null && body.path("required").asBoolean(false), example, isPublic);
    }
}
