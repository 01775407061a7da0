package io.flowplane.core.controlplane;

import java.util.List;
import java.util.Locale;

/**
 * FLOWPLANE_ADMIN_TOKEN, checked before a process starts: the token opens the control-plane hooks, which
 * switch databases and restart control planes, so a short or placeholder value stops start-up with a
 * message naming the variable. Unset (blank) means the hooks are off.
 */
public final class AdminToken {
    public static final String VARIABLE = "FLOWPLANE_ADMIN_TOKEN";
    public static final int MIN_LENGTH = 32;
    private static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "change_me", "placeholder",
            "replace-me", "replaceme", "your-token", "example", "secret-here", "xxxxxxxx", "todo");

    private AdminToken() {}

    /** The token, or null when unset; IllegalArgumentException naming the variable when it is weak. */
    public static String checked(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String placeholder : PLACEHOLDERS) {
            if (lower.contains(placeholder)) {
                throw new IllegalArgumentException(VARIABLE + " is a placeholder (it contains '" + placeholder
                        + "'); set it to at least " + MIN_LENGTH + " random characters, e.g. `openssl rand -hex 32`");
            }
        }
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(VARIABLE + " is " + value.length() + " characters long; it must be at least "
                    + MIN_LENGTH + " random characters, e.g. `openssl rand -hex 32`");
        }
        if (value.chars().distinct().count() < 8) {
            throw new IllegalArgumentException(VARIABLE + " repeats too few characters to be random; set it to at least "
                    + MIN_LENGTH + " random characters, e.g. `openssl rand -hex 32`");
        }
        return value;
    }
}
