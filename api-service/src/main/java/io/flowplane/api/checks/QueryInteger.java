package io.flowplane.api.checks;

import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;

/**
 * An integer query parameter, read from its text: Jersey would answer "abc" or 2^31 for an int
 * parameter with a bare 404, as if the endpoint did not exist.
 */
public final class QueryInteger {
    private QueryInteger() {}

    /** {@code fallback} when the parameter is absent or empty. */
    public static int parse(String name, String text, int fallback, int min, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, Echo.quote(text) + " is not a whole number between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw ApiException.invalid(name, value + " is not between " + min + " and " + max);
        }
        return (int) value;
    }
}
