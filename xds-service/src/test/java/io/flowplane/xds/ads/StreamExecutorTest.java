package io.flowplane.xds.ads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamExecutorTest {
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aBusyStreamTakesTurnsWithTheOthersInsteadOfHoldingTheWorker() throws Exception {
        StreamExecutor busy = new StreamExecutor(pool);
        StreamExecutor quiet = new StreamExecutor(pool);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        busy.execute(() -> awaitQuietly(release));
        for (int i = 0; i < 100; i++) {
            int task = i;
            busy.execute(() -> ran.add("busy-" + task));
        }
        CountDownLatch quietRan = new CountDownLatch(1);
        quiet.execute(() -> {
            ran.add("quiet");
            quietRan.countDown();
        });

        release.countDown();
        assertThat(quietRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.indexOf("quiet")).as("tasks of the busy stream run before the quiet one's").isLessThanOrEqualTo(1);
        assertThat(busy.mostQueued()).isBetween(100, 101);
    }

    @Test
    void aStreamRunsItsTasksInOrderOneAtATimeAndSurvivesAFailingOne() throws Exception {
        ExecutorService wide = Executors.newFixedThreadPool(4);
        try {
            StreamExecutor stream = new StreamExecutor(wide);
            List<Integer> ran = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 1000; i++) {
                int task = i;
                stream.execute(() -> {
                    ran.add(task); // unsynchronized on purpose: the stream's tasks never overlap
                    if (task == 500) {
                        throw new IllegalStateException("one task fails");
                    }
                });
            }
            stream.execute(done::countDown);

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).hasSize(1000).isSorted();
        } finally {
            wide.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
