package io.flowplane.xds.source;

import io.dropwizard.lifecycle.Managed;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.model.FleetChanges;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the configuration revision and, when it changed, reads what changed since the served
 * revision, rebuilds the dataplanes it reaches and publishes the result. The whole fleet is read at
 * start, on a forced reload, and when the change log no longer reaches back to the served revision. On failure the last good snapshot stays in service.
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
                FleetSnapshot previous = holder.current().orElse(null);
                Load load = force || !before.loaded() ? loadAll() : loadChangesSince(before.revision());
                FleetSnapshot snapshot = load.snapshot();
                holder.publish(snapshot);
                status = new LoadStatus(snapshot.revision(), snapshot.loadedAt(), true, before.lastError(),
                        before.lastErrorAt());
                logNewWarnings(previous, snapshot);
                LOG.info("serving config revision {} ({} dataplanes; {}; read {} ms, built {} ms)", snapshot.revision(),
                        snapshot.dataplaneCount(), load.what(), load.readMillis(), load.buildMillis());
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

    private record Load(FleetSnapshot snapshot, String what, long readMillis, long buildMillis) {}

    /** Applies the change log when it reaches back to the served revision; otherwise reads everything. */
    private Load loadChangesSince(long servedRevision) {
        if (!builder.canUpdateFrom(servedRevision)) {
            return loadAll();
        }
        long start = System.nanoTime();
        Optional<FleetChanges> changes = reader.changesSince(servedRevision);
        if (changes.isEmpty()) {
            return loadAll();
        }
        long read = System.nanoTime();
        FleetSnapshot snapshot = builder.update(changes.get(), clock.instant());
        return new Load(snapshot, changes.get().changedRows() + " changed rows", millis(start, read),
                millis(read, System.nanoTime()));
    }

    private Load loadAll() {
        long start = System.nanoTime();
        DetailedFleet fleet = reader.loadFleet();
        Instant committedAt = reader.committedAt(fleet.config().revision()).orElse(null);
        long read = System.nanoTime();
        FleetSnapshot snapshot = builder.build(fleet, clock.instant()).withCommittedAt(committedAt);
        return new Load(snapshot, "whole fleet read", millis(start, read), millis(read, System.nanoTime()));
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }

    /** Each warning once, when it first appears, not again on every load. */
    private static void logNewWarnings(FleetSnapshot previous, FleetSnapshot snapshot) {
        Set<String> known = previous == null ? Set.of() : new HashSet<>(previous.warnings());
        snapshot.warnings().stream().filter(w -> !known.contains(w))
                .forEach(w -> LOG.warn("config revision {}: {}", snapshot.revision(), w));
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
