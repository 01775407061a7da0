package io.flowplane.api.errors;

/** Quotes what a client sent, for an error message; long values are cut, so an error never repeats a huge input. */
public final class Echo {
    static final int MAX_CODE_POINTS = 64;

    private Echo() {}

    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_CODE_POINTS) {
            return "'" + value + "'";
        }
        return "'" + value.substring(0, value.offsetByCodePoints(0, MAX_CODE_POINTS)) + "...' (" + length + " characters)";
    }
}
