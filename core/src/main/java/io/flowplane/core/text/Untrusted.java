package io.flowplane.core.text;

/**
 * Text a client chose (a node id, a NACK message, a request field) made safe to put in a log line or an
 * error: control characters, line and paragraph separators and bidirectional overrides are written as
 * escapes, so nobody can forge a log line or hide text, and long values are cut.
 */
public final class Untrusted {
    private Untrusted() {}

    /** Escaped, cut to {@code maxCodePoints} with the full length noted, in single quotes. */
    public static String quote(String value, int maxCodePoints) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= maxCodePoints) {
            return "'" + escape(value) + "'";
        }
        return "'" + escape(value.substring(0, value.offsetByCodePoints(0, maxCodePoints))) + "...' (" + length
                + " characters)";
    }

    /** Escaped, whole. */
    public static String escape(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? value : out.toString();
    }

    private static String replacement(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> null;
            default -> isHidden(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    private static boolean isHidden(char c) {
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f';
    }
}
