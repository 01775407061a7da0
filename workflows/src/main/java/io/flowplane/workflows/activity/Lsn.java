package io.flowplane.workflows.activity;

/** PostgreSQL write-ahead-log positions in their text form, "X/Y" with X and Y hexadecimal. */
public final class Lsn {
    private Lsn() {}

    public static long parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 1) {
            throw new IllegalArgumentException("not an LSN: " + text);
        }
        return (Long.parseUnsignedLong(text.substring(0, slash), 16) << 32) | Long.parseUnsignedLong(text.substring(slash + 1), 16);
    }

    /** True when {@code position} is at or past {@code target}. */
    public static boolean reached(String position, String target) {
        return position != null && Long.compareUnsigned(parse(position), parse(target)) >= 0;
    }

    /** Bytes from {@code behind} to {@code ahead}, or null when either is unknown. */
    public static Long bytesBetween(String ahead, String behind) {
        if (ahead == null || behind == null) {
            return null;
        }
        return parse(ahead) - parse(behind);
    }
}
