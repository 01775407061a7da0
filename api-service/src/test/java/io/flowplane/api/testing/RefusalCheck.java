package io.flowplane.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a good refusal is: one of the statuses docs/api.md gives for the case, an {@code application/json}
 * body of the API's error shape {@code {error, message, field?}} short enough to read, whose {@code field}
 * is the culprit (or the object holding it) when the culprit is a body field or a refused parameter. A 5xx,
 * a 2xx, another 4xx or a non-JSON body is a problem, described in one line.
 */
public final class RefusalCheck {
    /** A clear error is short: values quoted in it are abbreviated, never echoed whole. */
    static final int MAX_ERROR_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RefusalCheck() {}

    public static Optional<String> problem(HostileCase c, RawHttp.Answer answer) {
        int status = answer.status();
        if (c.statuses().isEmpty()) {
            throw new IllegalArgumentException(c + ": a case names the statuses the API documents for it");
        }
        if (!c.statuses().contains(status)) {
            return Optional.of("status " + status + ", expected " + c.statuses() + ": " + excerpt(answer));
        }
        String contentType = answer.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return Optional.of("status " + status + " with Content-Type " + contentType + ", not JSON: " + excerpt(answer));
        }
        if (answer.body().length > MAX_ERROR_BYTES) {
            return Optional.of("status " + status + " with an error of " + answer.body().length + " bytes: " + excerpt(answer));
        }
        JsonNode error;
        try {
            error = JSON.readTree(answer.body());
        } catch (IOException e) {
            return Optional.of("status " + status + ", body is not JSON: " + excerpt(answer));
        }
        if (!isText(error.get("error")) || !isText(error.get("message"))
                || (error.has("field") && !isText(error.get("field")))) {
            return Optional.of("status " + status + ", not the {error, message, field} shape: " + excerpt(answer));
        }
        if (!names(c, status, error.get("message").asText(), error.path("field").asText(null))) {
            return Optional.of("status " + status + " does not name " + c.culprit() + ": " + excerpt(answer));
        }
        return Optional.empty();
    }

    private static boolean names(HostileCase c, int status, String message, String field) {
        String culprit = c.culprit();
        return switch (c.kind()) {
            case FIELD -> culprit.equals(field) || encloses(field, culprit);
            // a 404 says the path names nothing (or nothing the caller may see) and a 403 that the token may not
            // call the operation at all: neither is about the parameter's form, so neither needs its name
            case PARAMETER -> status == 404 || status == 403 || culprit.equals(field) || refusedBeforeRouting(message);
            case HEADER -> culprit.equalsIgnoreCase(field) || message.toLowerCase(Locale.ROOT).contains(culprit.toLowerCase(Locale.ROOT));
            case REQUEST -> true;
        };
    }

    /** Jetty refuses some URIs before any parameter has a name; its error then speaks of the URI or the path. */
    private static boolean refusedBeforeRouting(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("uri") || lower.contains("path");
    }

    /** {@code routes[0]} encloses {@code routes[0].cluster}: the error points at the object holding the culprit. */
    private static boolean encloses(String field, String culprit) {
        return field != null && !field.isEmpty() && culprit.startsWith(field)
                && culprit.length() > field.length() && (culprit.charAt(field.length()) == '.' || culprit.charAt(field.length()) == '[');
    }

    private static boolean isText(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank();
    }

    private static String excerpt(RawHttp.Answer answer) {
        String text = answer.text().replaceAll("\\s+", " ");
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + answer.body().length + " bytes)";
    }
}
