package io.flowplane.xds.ads;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stream's tasks in order on the shared pool, one task per turn: after each task the stream goes
 * to the back of the pool's queue, so a stream with a lot of work cannot keep a worker from the others.
 */
final class StreamExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(StreamExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;
    private int mostQueued;
    private long tasksRun;

    StreamExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            mostQueued = Math.max(mostQueued, tasks.size());
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    /** The longest the queue has been: what a stream can make the server hold for it. */
    int mostQueued() {
        synchronized (tasks) {
            return mostQueued;
        }
    }

    /** Tasks run so far: with {@link #mostQueued()}, how much of the pool the stream has had. */
    long tasksRun() {
        synchronized (tasks) {
            return tasksRun;
        }
    }

    /** No task queued or running: everything handed to the stream so far has been done. */
    boolean idle() {
        synchronized (tasks) {
            return !scheduled && tasks.isEmpty();
        }
    }

    private void schedule() {
        try {
            pool.execute(this::runOne);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                tasks.clear();
                scheduled = false;
            }
            throw e;
        }
    }

    private void runOne() {
        Runnable task;
        synchronized (tasks) {
            task = tasks.poll();
            tasksRun += task == null ? 0 : 1;
        }
        try {
            if (task != null) {
                task.run();
            }
        } catch (RuntimeException e) {
            LOG.error("stream task failed", e);
        } finally {
            scheduleRest();
        }
    }

    private void scheduleRest() {
        synchronized (tasks) {
            if (tasks.isEmpty()) {
                scheduled = false;
                return;
            }
        }
        try {
            schedule();
        } catch (RejectedExecutionException e) {
            LOG.debug("pool shut down, dropping the stream's remaining tasks");
        }
    }
}
