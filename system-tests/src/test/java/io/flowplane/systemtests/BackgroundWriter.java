package io.flowplane.systemtests;

import io.flowplane.testkit.Http;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps creating clusters through the API, remembering every one the API acknowledged with 201. */
final class BackgroundWriter implements AutoCloseable {
    private final Http api;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
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
                } else {
                    refused.incrementAndGet();
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                refused.incrementAndGet();
            }
        }
    }

    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    int refused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(15_000);
    }
}
