package io.flowplane.core.controlplane;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-place restarts of a control-plane process: one at a time, after a drain, each bumping the
 * generation that the failover workflows watch to see the restart finished.
 */
public final class Restarts {
    private static final Logger LOG = LoggerFactory.getLogger(Restarts.class);

    private final AtomicLong generation = new AtomicLong(1);
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "control-plane-restart");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean restarting;

    public long generation() {
        return generation.get();
    }

    public boolean restarting() {
        return restarting;
    }

    /** Drains (the given step), waits the drain time, then reinitializes (the other step). */
    public synchronized void restart(int drainSeconds, Runnable drain, Runnable reinitialize) {
        if (restarting) {
            return;
        }
        restarting = true;
        executor.execute(() -> {
            try {
                drain.run();
                Thread.sleep(Math.max(0, drainSeconds) * 1000L);
                reinitialize.run();
                generation.incrementAndGet();
                LOG.info("restart finished; generation {}", generation.get());
            } catch (Exception e) {
                LOG.error("restart failed; the process keeps its previous state", e);
            } finally {
                restarting = false;
            }
        });
    }
}
