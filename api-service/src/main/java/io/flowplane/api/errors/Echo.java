package io.flowplane.api.errors;

import io.flowplane.core.text.Untrusted;

/**
 * Quotes what a client sent, for an error message: long values are cut, so an error never repeats a huge
 * input, and control characters are escaped, so it never forges a line of a log that records it.
 */
public final class Echo {
    static final int MAX_CODE_POINTS = 64;

    private Echo() {}

    public static String quote(String value) {
        return Untrusted.quote(value, MAX_CODE_POINTS);
    }
}
