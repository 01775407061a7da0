package io.flowplane.api.errors;

import java.util.Optional;

/**
 * Text Flowplane can store and look up. PostgreSQL cannot store NUL, Java would silently replace a lone
 * surrogate, and other control characters are never meant; each is refused with its position.
 */
public final class SafeText {
    private SafeText() {}

    /** For body text: tab, newline and carriage return are fine. */
    public static Optional<String> problemInText(String value) {
        return problem(value, true);
    }

    /** For path and query parameters: no control character at all. */
    public static Optional<String> problemInParameter(String value) {
        return problem(value, false);
    }

    private static Optional<String> problem(String value, boolean lineBreaksAllowed) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains a lone surrogate (U+%04X) at position %d; send valid UTF-8 text".formatted((int) c, i));
            } else if (isControl(c) && !(lineBreaksAllowed && (c == '\t' || c == '\n' || c == '\r'))) {
                return Optional.of("contains the control character U+%04X at position %d%s".formatted((int) c, i,
                        lineBreaksAllowed ? "; only tab, newline and carriage return are allowed" : ""));
            }
        }
        return Optional.empty();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
