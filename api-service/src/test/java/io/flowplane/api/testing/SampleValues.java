package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Valid-looking values for documented schemas: the schema's example, enum, default or minimum, else a
 * plain value of its type; objects get their required properties. {@code fixtures} then puts in the
 * names and ids of resources that exist, so a sample is a request the API would accept.
 */
public final class SampleValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> STRING_CANDIDATES = List.of("sample", "s1", "a", "0.0.0.0", "/", "http://sample");

    private final ApiDescription api;
    private final UnaryOperator<JsonNode> fixtures;

    public SampleValues(ApiDescription api, UnaryOperator<JsonNode> fixtures) {
        this.api = api;
        this.fixtures = fixtures;
    }

    /** The request body an operation's hostile variants start from. */
    public JsonNode body(ApiOperation operation) {
        JsonNode sample = operation.bodyExample() != null ? operation.bodyExample().deepCopy() : of(operation.bodySchema());
        return fixtures.apply(sample);
    }

    /** A value for {@code schema}, with fixtures applied. */
    public JsonNode of(JsonNode schema) {
        return fixtures.apply(plain(api.resolve(schema)));
    }

    private JsonNode plain(JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return JSON.objectNode();
        }
        if (schema.has("example")) {
            return schema.get("example").deepCopy();
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0).deepCopy();
        }
        if (schema.has("default")) {
            return schema.get("default").deepCopy();
        }
        return switch (type(schema)) {
            case "object" -> object(schema);
            case "array" -> array(schema);
            case "integer", "number" -> JSON.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1);
            case "boolean" -> JSON.booleanNode(true);
            default -> JSON.textNode(string(schema));
        };
    }

    private ObjectNode object(JsonNode schema) {
        ObjectNode object = JSON.objectNode();
        for (JsonNode name : schema.path("required")) {
            object.set(name.asText(), plain(api.resolve(schema.path("properties").get(name.asText()))));
        }
        return object;
    }

    private ArrayNode array(JsonNode schema) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < Math.max(1, schema.path("minItems").asInt(1)); i++) {
            array.add(plain(api.resolve(schema.get("items"))));
        }
        return array;
    }

    private static String string(JsonNode schema) {
        if ("date-time".equals(schema.path("format").asText())) {
            return "2024-01-01T00:00:00Z";
        }
        if (!schema.has("pattern")) {
            return "sample";
        }
        Pattern pattern = Pattern.compile(schema.get("pattern").asText());
        return STRING_CANDIDATES.stream().filter(s -> pattern.matcher(s).find()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no sample string matches " + pattern));
    }

    /** The schema's type, or object when it has properties. */
    public static String type(JsonNode schema) {
        if (schema.has("type")) {
            return schema.get("type").asText();
        }
        return schema.has("properties") ? "object" : "any";
    }
}
