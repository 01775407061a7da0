package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowplane.api.testing.HostileCase.Culprit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hostile request bodies for one operation: broken or oversized JSON, the wrong media type, and for
 * every documented field (nested ones too) wrong JSON types, nulls, out-of-range numbers and strings
 * no field accepts. Each variant starts from the operation's sample body and changes one thing.
 */
public final class HostileBodies {
    static final String UNKNOWN_FIELD = "hostile_unknown_field";
    private static final String SLOT = "@@hostile-value@@";
    private static final Set<Integer> INVALID = Set.of(400);
    private static final Set<Integer> INVALID_FIELD = Set.of(400, 422);
    private static final int NESTING = 10_000;

    private final ApiDescription api;
    private final SampleValues samples;

    public HostileBodies(ApiDescription api, SampleValues samples) {
        this.api = api;
        this.samples = samples;
    }

    public List<HostileCase> of(RequestTemplate template) {
        ApiOperation operation = template.operation();
        if (!operation.hasBody()) {
            return List.of();
        }
        ObjectNode sample = (ObjectNode) samples.body(operation);
        List<HostileCase> cases = new ArrayList<>();
        cases.addAll(wholeBodies(template, sample));
        cases.addAll(mediaTypes(template, sample));
        for (FieldPath field : FieldPath.all(api, operation.bodySchema())) {
            for (HostileValue value : HostileValue.forField(field, samples)) {
                String body = with(sample, field, value.json());
                cases.add(new HostileCase(operation.toString(), field.path() + " = " + value.description(),
                        json(template, body).request(), INVALID_FIELD, Culprit.FIELD, value.culprit(field)));
            }
        }
        return cases;
    }

    /**
     * The sample with each reference field ({@code team}, {@code dataplane_id}: the keys of
     * {@code strangers}) pointing at another team's resource, sent by a token of the sample's team.
     */
    public List<HostileCase> references(RequestTemplate asStranger, Map<String, String> strangers) {
        ApiOperation operation = asStranger.operation();
        if (!operation.hasBody()) {
            return List.of();
        }
        ObjectNode sample = (ObjectNode) samples.body(operation);
        List<HostileCase> cases = new ArrayList<>();
        for (FieldPath field : FieldPath.all(api, operation.bodySchema())) {
            Object key = field.steps().get(field.steps().size() - 1).key();
            if (strangers.containsKey(key)) {
                String value = JsonNodeFactory.instance.textNode(strangers.get(key)).toString();
                cases.add(new HostileCase(operation.toString(), field.path() + " = " + strangers.get(key) + " of another team",
                        json(asStranger, with(sample, field, value)).request(), Set.of(400, 404, 422), Culprit.FIELD,
                        field.path()));
            }
        }
        return cases;
    }

    private List<HostileCase> wholeBodies(RequestTemplate template, ObjectNode sample) {
        String operation = template.operation().toString();
        String text = sample.toString();
        String firstKey = firstKey(sample, template.operation());
        List<HostileCase> cases = new ArrayList<>();
        cases.add(body(template, "body cut off mid-JSON", text.substring(0, Math.max(1, text.length() / 2))));
        cases.add(body(template, "body is plain text", "hello"));
        if (template.operation().bodyRequired()) {
            cases.add(body(template, "empty body", ""));
            cases.add(body(template, "body is JSON null", "null"));
        }
        cases.add(body(template, "an array instead of an object", "[" + text + "]"));
        cases.add(body(template, "a string instead of an object", "\"" + firstKey + "\""));
        cases.add(body(template, "a number instead of an object", "42"));
        cases.add(body(template, "true instead of an object", "true"));
        cases.add(body(template, "JSON nested 10,000 deep", "[".repeat(NESTING) + "]".repeat(NESTING)));
        cases.add(body(template, "a field nested 10,000 deep",
                "{\"" + firstKey + "\": " + "[".repeat(NESTING) + "]".repeat(NESTING) + "}"));
        cases.add(new HostileCase(operation, "invalid UTF-8 in " + firstKey, json(template, invalidUtf8(firstKey)).request(),
                INVALID, Culprit.FIELD, firstKey));
        JsonNode firstValue = sample.has(firstKey) ? sample.get(firstKey) : JsonNodeFactory.instance.numberNode(1);
        cases.add(new HostileCase(operation, "key '" + firstKey + "' twice", json(template, duplicate(sample, firstKey, firstValue))
                .request(), INVALID, Culprit.FIELD, firstKey));
        ObjectNode unknown = sample.deepCopy().put(UNKNOWN_FIELD, 1);
        cases.add(new HostileCase(operation, "unknown field " + UNKNOWN_FIELD, json(template, unknown.toString()).request(),
                INVALID, Culprit.FIELD, UNKNOWN_FIELD));
        String huge = "{\"" + firstKey + "\": \"" + "x".repeat(1024 * 1024 + 1) + "\"}";
        cases.add(new HostileCase(operation, "body over 1 MiB (Content-Length)", json(template, huge).request(), Set.of(413),
                Culprit.REQUEST, null));
        cases.add(new HostileCase(operation, "body over 1 MiB (chunked)", json(template, huge).sentChunked().request(), Set.of(413),
                Culprit.REQUEST, null));
        return cases;
    }

    private List<HostileCase> mediaTypes(RequestTemplate template, ObjectNode sample) {
        String operation = template.operation().toString();
        RequestTemplate withBody = template.withBody(sample.toString());
        List<HostileCase> cases = new ArrayList<>();
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            cases.add(new HostileCase(operation, "Content-Type " + contentType, withBody.withHeader("Content-Type", contentType)
                    .request(), Set.of(415), Culprit.HEADER, "Content-Type"));
        }
        cases.add(new HostileCase(operation, "no Content-Type", withBody.withHeader("Content-Type", null).request(), Set.of(415),
                Culprit.HEADER, "Content-Type"));
        for (String malformed : List.of("json", "application/json;;;=", "/", "application/json; charset=\"")) {
            cases.add(new HostileCase(operation, "malformed Content-Type '" + malformed + "'",
                    withBody.withHeader("Content-Type", malformed).request(), Set.of(400, 415), Culprit.HEADER, "Content-Type"));
        }
        return cases;
    }

    private static HostileCase body(RequestTemplate template, String description, String body) {
        return new HostileCase(template.operation().toString(), description, json(template, body).request(), INVALID,
                Culprit.REQUEST, null);
    }

    private static RequestTemplate json(RequestTemplate template, String body) {
        return json(template, body.getBytes(StandardCharsets.UTF_8));
    }

    private static RequestTemplate json(RequestTemplate template, byte[] body) {
        return template.withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String firstKey(ObjectNode sample, ApiOperation operation) {
        if (sample.fieldNames().hasNext()) {
            return sample.fieldNames().next();
        }
        return operation.bodySchema().path("properties").fieldNames().next();
    }

    private static byte[] invalidUtf8(String key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"" + key + "\": \"ab").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String duplicate(ObjectNode sample, String key, JsonNode value) {
        String rest = sample.deepCopy().without(key).toString();
        return "{\"" + key + "\": " + value + ", \"" + key + "\": " + value + (rest.equals("{}") ? "}" : ", " + rest.substring(1));
    }

    /** The sample with {@code json} (raw JSON text) at the field, creating the enclosing objects and arrays. */
    private String with(ObjectNode sample, FieldPath field, String json) {
        ObjectNode body = sample.deepCopy();
        JsonNode node = body;
        List<FieldPath.Step> steps = field.steps();
        for (int i = 0; i < steps.size() - 1; i++) {
            FieldPath.Step step = steps.get(i);
            JsonNode child = get(node, step.key());
            if (child == null || child.isNull()) {
                child = samples.of(step.schema());
                put(node, step.key(), child);
            }
            node = child;
        }
        put(node, steps.get(steps.size() - 1).key(), JsonNodeFactory.instance.textNode(SLOT));
        return body.toString().replace("\"" + SLOT + "\"", json);
    }

    private static JsonNode get(JsonNode node, Object key) {
        return key instanceof Integer index ? node.get(index) : node.get((String) key);
    }

    private static void put(JsonNode node, Object key, JsonNode value) {
        if (key instanceof Integer index) {
            ArrayNode array = (ArrayNode) node;
            if (array.size() > index) {
                array.set(index, value);
            } else {
                array.add(value);
            }
        } else {
            ((ObjectNode) node).set((String) key, value);
        }
    }
}
