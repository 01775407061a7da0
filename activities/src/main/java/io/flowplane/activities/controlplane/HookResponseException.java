package io.flowplane.activities.controlplane;

/** A control-plane hook answered with an unexpected HTTP status. */
public final class HookResponseException extends Exception {
    private final int status;

    public HookResponseException(int status, String body) {
        super("HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
