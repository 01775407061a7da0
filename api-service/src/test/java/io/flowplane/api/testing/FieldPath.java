package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * A documented body field, named as the API names it ({@code virtual_hosts[0].routes[0].cluster}),
 * with the steps that lead to it: object keys and array indexes, each with the schema found there.
 */
record FieldPath(String path, List<Step> steps, JsonNode schema, boolean required) {
    record Step(Object key, JsonNode schema) {}

    static List<FieldPath> all(ApiDescription api, JsonNode bodySchema) {
        List<FieldPath> fields = new ArrayList<>();
        properties(api, api.resolve(bodySchema), "", List.of(), fields);
        return fields;
    }

    private static void properties(ApiDescription api, JsonNode object, String prefix, List<Step> steps, List<FieldPath> out) {
        Set<String> required = Set.copyOf(StreamSupport.stream(object.path("required").spliterator(), false)
                .map(JsonNode::asText).toList());
        object.path("properties").fields().forEachRemaining(property -> {
            JsonNode schema = api.resolve(property.getValue());
            String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            field(api, path, append(steps, new Step(property.getKey(), schema)), schema, required.contains(property.getKey()), out);
        });
    }

    private static void field(ApiDescription api, String path, List<Step> steps, JsonNode schema, boolean required,
            List<FieldPath> out) {
        out.add(new FieldPath(path, steps, schema, required));
        String type = SampleValues.type(schema);
        if (type.equals("object")) {
            properties(api, schema, path, steps, out);
        } else if (type.equals("array") && schema.has("items")) {
            JsonNode items = api.resolve(schema.get("items"));
            field(api, path + "[0]", append(steps, new Step(0, items)), items, true, out);
        }
    }

    private static List<Step> append(List<Step> steps, Step step) {
        List<Step> longer = new ArrayList<>(steps);
        longer.add(step);
        return longer;
    }

    boolean constrained() {
        return schema.has("pattern") || schema.has("enum") || schema.has("format");
    }
}
