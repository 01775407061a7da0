package io.flowplane.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling. A probe answers null or {@code false} for "not yet"; anything else ends the wait
 * and is returned. A probe that throws is retried and its last error is reported on timeout, which
 * names what was awaited.
 */
public final class Wait {
    private static final Duration PAUSE = Duration.ofMillis(100);

    private Wait() {}

    public static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        return until(what, timeout, PAUSE, probe);
    }

    /** As {@link #until(String, Duration, Supplier)}, probing every {@code pause}: for measuring when something happened. */
    public static <T> T until(String what, Duration timeout, Duration pause, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        do {
            try {
                T value = probe.get();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(pause);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"), last);
    }

    /** Holds the current thread; an interrupt fails the test instead of being lost. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
