package io.flowplane.systemtests;

import io.flowplane.testkit.Http;
import io.flowplane.testkit.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps creating clusters through the API, one every 20 ms, remembering every one the API
 * acknowledged with 201 and every refusal, in order, so a test can say when writes were refused.
 */
final class BackgroundWriter implements AutoCloseable {
    /** One answer that was not a 201, and when it came. */
    record Refusal(int sequence, long atNanos, String what) {}

    private final Http api;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Integer> acknowledgedSequences = new CopyOnWriteArrayList<>();
    private final List<Long> acknowledgedAtNanos = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final Thread thread;

    BackgroundWriter(Http api) {
        this.api = api;
        this.thread = new Thread(this::run, "background-writer");
        thread.start();
    }

    private void run() {
        for (int i = 0; running.get() && i < 100_000; i++) {
            String name = "load-" + i;
            try {
                Http.Reply reply = api.post("/api/v1/clusters", """
                        {"team": "platform", "name": "%s", "endpoints": [{"host": "127.0.0.1", "port": 9}]}""".formatted(name));
                if (reply.status() == 201) {
                    acknowledged.add(name);
                    acknowledgedSequences.add(i);
                    acknowledgedAtNanos.add(System.nanoTime());
                } else {
                    refusals.add(new Refusal(i, System.nanoTime(), reply.status() + " " + reply.body()));
                }
            } catch (RuntimeException e) {
                refusals.add(new Refusal(i, System.nanoTime(), e.toString()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void awaitAcknowledged(int count) {
        Wait.until(count + " acknowledged writes", Duration.ofSeconds(60), () -> acknowledged.size() >= count);
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** From the first refusal to the last; zero when nothing was refused. */
    Duration refusalWindow() {
        List<Refusal> all = refusals();
        return all.isEmpty() ? Duration.ZERO : Duration.ofNanos(all.get(all.size() - 1).atNanos() - all.get(0).atNanos());
    }

    /**
     * The longest time between two acknowledged writes: how long a client writing every 20 ms could not write,
     * whether its requests were refused or just waited.
     */
    Duration longestGapBetweenAcknowledged() {
        List<Long> at = List.copyOf(acknowledgedAtNanos);
        long longest = 0;
        for (int i = 1; i < at.size(); i++) {
            longest = Math.max(longest, at.get(i) - at.get(i - 1));
        }
        return Duration.ofNanos(longest);
    }

    /** Writes were acknowledged again after the last refusal. */
    boolean acknowledgedAfterLastRefusal() {
        List<Refusal> all = refusals();
        int lastRefused = all.isEmpty() ? -1 : all.get(all.size() - 1).sequence();
        return acknowledgedSequences.stream().anyMatch(sequence -> sequence > lastRefused);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(15_000);
    }
}
