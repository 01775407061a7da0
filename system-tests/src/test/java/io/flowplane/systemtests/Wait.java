package io.flowplane.systemtests;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a condition holds; on timeout the failure names what was awaited and the last state seen. */
final class Wait {
    private Wait() {}

    static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                + (last == null ? "" : "; last error: " + last), last);
    }
}
