package io.flowplane.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Live traffic for the length of a test: one request after another to one path (through Envoy,
 * say), counting the answers a check accepts and the ones it does not, with the first failures
 * kept to show. Bounded: it stops by itself after {@link #MAX_DURATION}.
 */
public final class Traffic implements AutoCloseable {
    static final Duration MAX_DURATION = Duration.ofMinutes(10);
    private static final Duration PAUSE = Duration.ofMillis(10);
    private static final int FAILURES_KEPT = 20;

    private final String name;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> firstFailures = new ArrayList<>();
    private final Thread thread;

    private final Duration pause;
    private final Duration maxDuration;

    private Traffic(String name, Http target, String path, Predicate<Http.Reply> accepted, Duration pause, Duration maxDuration) {
        this.name = name;
        this.pause = pause;
        this.maxDuration = maxDuration;
        this.thread = new Thread(() -> run(target, path, accepted), "traffic-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sending GET {@code path} to {@code target}; an answer is a success when {@code accepted} says so. */
    public static Traffic start(String name, Http target, String path, Predicate<Http.Reply> accepted) {
        return new Traffic(name, target, path, accepted, PAUSE, MAX_DURATION);
    }

    /** As {@link #start(String, Http, String, Predicate)}, pausing {@code pause} between requests, for up to {@code maxDuration}. */
    public static Traffic start(String name, Http target, String path, Predicate<Http.Reply> accepted, Duration pause,
            Duration maxDuration) {
        return new Traffic(name, target, path, accepted, pause, maxDuration);
    }

    private void run(Http target, String path, Predicate<Http.Reply> accepted) {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Http.Reply reply = target.get(path);
                if (accepted.test(reply)) {
                    succeeded.incrementAndGet();
                } else {
                    fail(reply.status() + " " + reply.body());
                }
            } catch (RuntimeException e) {
                fail(e.toString());
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        synchronized (firstFailures) {
            if (firstFailures.size() < FAILURES_KEPT) {
                firstFailures.add(what);
            }
        }
    }

    public int succeeded() {
        return succeeded.get();
    }

    public int failed() {
        return failed.get();
    }

    public List<String> firstFailures() {
        synchronized (firstFailures) {
            return List.copyOf(firstFailures);
        }
    }

    /** Waits until {@code count} requests succeeded, so a test knows traffic flows before it acts. */
    public void awaitSucceeded(int count) {
        Wait.until(count + " successful requests of " + name, Duration.ofSeconds(60), () -> succeeded() >= count);
    }

    @Override
    public String toString() {
        return name + ": " + succeeded() + " succeeded, " + failed() + " failed" + (failed() == 0 ? "" : ", first: " + firstFailures());
    }

    /** Stops sending and waits for the request in flight. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
