package io.flowplane.xds.source;

import io.dropwizard.lifecycle.Managed;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the configuration revision and, when it changed (or nothing was loaded yet), reads the
 * fleet, builds snapshots and publishes them. On failure the last good snapshot stays in service.
 * Notifications and control-plane hooks ask for a poll now; all loads run on one thread.
 */
public final class ConfigPoller implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigPoller.class);

    private final FleetReader reader;
    private final SnapshotBuilder builder;
    private final SnapshotHolder holder;
    private final Duration interval;
    private final Clock clock;
    private volatile LoadStatus status = LoadStatus.NOT_LOADED;
    /** Null before the first poll; only touched by the polling thread. */
    private Boolean lastPollOk;
    private volatile ScheduledExecutorService scheduler;

    public ConfigPoller(FleetReader reader, SnapshotBuilder builder, SnapshotHolder holder, Duration interval,
            Clock clock) {
        this.reader = reader;
        this.builder = builder;
        this.holder = holder;
        this.interval = interval;
        this.clock = clock;
    }

    public LoadStatus status() {
        return status;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowplane-config-poller");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Polls as soon as possible, e.g. on a NOTIFY; returns at once. */
    public void pollSoon() {
        ScheduledExecutorService current = scheduler;
        if (current == null) {
            return;
        }
        try {
            current.execute(this::pollOnce);
        } catch (RejectedExecutionException e) {
            LOG.debug("poller stopped; poll request dropped");
        }
    }

    /**
     * Loads the fleet even if the revision did not change (another database may hold the same
     * revision number) and waits for it. The current snapshot stays in service if the load fails.
     */
    public LoadStatus reloadNow() throws InterruptedException {
        ScheduledExecutorService current = scheduler;
        if (current == null) {
            poll(true);
            return status;
        }
        try {
            current.submit(() -> poll(true)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reload failed", e.getCause());
        }
        return status;
    }

    /** One poll; never throws, so the schedule keeps running. */
    public void pollOnce() {
        poll(false);
    }

    private void poll(boolean force) {
        LoadStatus before = status;
        try {
            long revision = reader.currentRevision();
            if (force || !before.loaded() || revision != before.revision()) {
                DetailedFleet fleet = reader.loadFleet();
                long loaded = fleet.config().revision();
                Instant committedAt = reader.committedAt(loaded).orElse(null);
                FleetSnapshot snapshot = builder.build(fleet, clock.instant()).withCommittedAt(committedAt);
                snapshot.warnings().forEach(w -> LOG.warn("config revision {}: {}", loaded, w));
                holder.publish(snapshot);
                status = new LoadStatus(loaded, snapshot.loadedAt(), true, before.lastError(), before.lastErrorAt());
                LOG.info("serving config revision {} ({} dataplanes)", loaded, fleet.config().dataplanes().size());
            } else {
                status = new LoadStatus(before.revision(), before.lastLoadAt(), true, before.lastError(),
                        before.lastErrorAt());
            }
            if (Boolean.FALSE.equals(lastPollOk)) {
                LOG.info("configuration database readable again");
            }
            lastPollOk = true;
        } catch (RuntimeException e) {
            String message = describe(e);
            status = new LoadStatus(before.revision(), before.lastLoadAt(), false, message, clock.instant());
            if (!Boolean.FALSE.equals(lastPollOk)) {
                LOG.warn("cannot read configuration ({}); {}; retrying every {} ms", message,
                        before.loaded() ? "still serving revision " + before.revision() : "serving nothing yet",
                        interval.toMillis());
            }
            lastPollOk = false;
        }
    }

    private static String describe(Throwable e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? message : message + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
