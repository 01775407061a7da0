package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A value no documented field accepts, as raw JSON text (so it can hold what a JSON library would not
 * write: 1e400, a lone surrogate escape). {@code culpritSuffix} extends the field's name when the
 * culprit lies inside the value ({@code [0]}, {@code .hostile_unknown_field}).
 */
record HostileValue(String description, String json, String culpritSuffix) {
    private static final Map<String, List<HostileValue>> WRONG_TYPES = Map.of(
            "string", List.of(v("a number", "12345"), v("a fraction", "1.5"), v("a boolean", "true"), v("an object", "{}"),
                    v("an array", "[\"x\"]")),
            "integer", List.of(v("a numeric string", "\"1\""), v("a string", "\"hostile\""), v("a fraction", "1.5"),
                    v("a boolean", "true"), v("an object", "{}"), v("an array", "[1]")),
            "boolean", List.of(v("a string 'true'", "\"true\""), v("the number 1", "1"), v("an object", "{}"), v("an array", "[true]")),
            "array", List.of(v("a string", "\"hostile\""), v("a number", "1"), v("a boolean", "true"), v("an object", "{}")),
            "object", List.of(v("a string", "\"hostile\""), v("a number", "1"), v("a boolean", "true"), v("an array", "[]")));
    private static final List<HostileValue> OUT_OF_RANGE = List.of(
            v("2^63", "9223372036854775808"), v("-2^63 - 1", "-9223372036854775809"), v("2^64 + 1", "18446744073709551617"),
            v("1e400", "1e400"), v("-1e400", "-1e400"));
    /** Strings a name, enum value, reference or date-time never is. */
    private static final List<HostileValue> NOT_A_NAME = List.of(
            v("an empty string", "\"\""), v("blanks", "\"   \""), v("right-to-left override", "\"abc\\u202Eevil\""),
            v("an emoji", "\"team-\uD83D\uDE00\""), v("SQL", "\"x'; DROP TABLE teams; --\""), v("a path", "\"../../etc/passwd\""),
            v("accented letters", "\"\u00E9quipe\""), v("upper case and spaces", "\"Platform Team\""));

    static HostileValue v(String description, String json) {
        return new HostileValue(description, json, "");
    }

    String culprit(FieldPath field) {
        return field.path() + culpritSuffix;
    }

    static List<HostileValue> forField(FieldPath field, SampleValues samples) {
        JsonNode schema = field.schema();
        String type = SampleValues.type(schema);
        List<HostileValue> values = new ArrayList<>(WRONG_TYPES.getOrDefault(type, List.of()));
        if (field.required()) {
            values.add(v("null", "null"));
        }
        switch (type) {
            case "integer", "number" -> values.addAll(numbers(schema));
            case "string" -> values.addAll(strings(field, samples.of(schema).asText()));
            case "array" -> values.addAll(arrays(schema, samples));
            case "object" -> values.add(new HostileValue("an unknown field inside",
                    ((ObjectNode) samples.of(schema)).put(HostileBodies.UNKNOWN_FIELD, 1).toString(), "." + HostileBodies.UNKNOWN_FIELD));
            default -> { }
        }
        return values;
    }

    private static List<HostileValue> numbers(JsonNode schema) {
        List<HostileValue> values = new ArrayList<>(OUT_OF_RANGE);
        if (schema.has("minimum")) {
            long minimum = schema.get("minimum").asLong();
            values.add(v("minimum - 1", Long.toString(minimum - 1)));
            if (minimum > 0) {
                values.add(v("-1", "-1"));
            }
        }
        if (schema.has("maximum")) {
            values.add(v("maximum + 1", Long.toString(schema.get("maximum").asLong() + 1)));
        }
        return values;
    }

    private static List<HostileValue> strings(FieldPath field, String sample) {
        String quoted = TextNode.valueOf(sample).toString();
        String prefix = quoted.substring(0, quoted.length() - 1);
        List<HostileValue> values = new ArrayList<>(List.of(
                v("a NUL character", prefix + "\\u0000x\""),
                v("an escape sequence", prefix + "\\u001B[31m\""),
                v("a lone surrogate", prefix + "\\uD800x\""),
                v("100 KB", "\"" + "a".repeat(100 * 1024) + "\"")));
        if (field.schema().has("maxLength")) {
            values.add(v("maxLength + 1", "\"" + "a".repeat(field.schema().get("maxLength").asInt() + 1) + "\""));
        }
        if (field.constrained()) {
            values.addAll(NOT_A_NAME);
        }
        return values;
    }

    private static List<HostileValue> arrays(JsonNode schema, SampleValues samples) {
        List<HostileValue> values = new ArrayList<>();
        values.add(new HostileValue("[null]", "[null]", "[0]"));
        if (schema.path("minItems").asInt(0) > 0) {
            values.add(v("an empty array", "[]"));
        }
        if (schema.has("maxItems")) {
            ArrayNode tooMany = JsonNodeFactory.instance.arrayNode();
            JsonNode item = samples.of(schema.get("items"));
            for (int i = 0; i <= schema.get("maxItems").asInt(); i++) {
                tooMany.add(item);
            }
            values.add(v("maxItems + 1 items", tooMany.toString()));
        }
        return values;
    }
}
