package io.flowplane.api.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.stream.Collectors;

/** What is wrong with a request body that did not read as the expected JSON, and in which field. */
final class JsonProblem {
    /** Deeper than this, a field name would be longer than useful (a body nested 10,000 deep). */
    private static final int MAX_DEPTH = 32;
    private static final int MAX_DETAIL = 300;

    private JsonProblem() {}

    /** The field as the API names it ({@code virtual_hosts[0].routes[1].cluster}), or null for the body as a whole. */
    static String field(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            String path = path(m);
            return path.isEmpty() ? null : path;
        }
        return e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : null;
    }

    static String message(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field " + Echo.quote(u.getPropertyName()) + "; fields are snake_case, for example gateway_host";
        }
        if (e instanceof RequestJson.UnsafeText) {
            return e.getOriginalMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return "expected " + describe(f.getTargetType()) + " but got " + Echo.quote(String.valueOf(f.getValue()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + describe(m.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return "invalid value: " + detail(e);
        }
        return "request body is not valid JSON: " + detail(e);
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().size() > MAX_DEPTH) {
            return "";
        }
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (parts.size() >= MAX_DEPTH) {
                return null;
            }
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.isEmpty() ? null : path;
    }

    private static String describe(Class<?> type) {
        if (type.isRecord()) {
            return "a JSON object";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return type.getSimpleName().toLowerCase();
    }

    private static String detail(JsonProcessingException e) {
        String detail = String.valueOf(e.getOriginalMessage());
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "...";
    }
}
