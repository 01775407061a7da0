package io.flowplane.xds.controlplane;

import io.flowplane.core.controlplane.ControlPlaneHooks;
import io.flowplane.core.controlplane.ControlPlaneStatus;
import io.flowplane.core.controlplane.Restarts;
import io.flowplane.core.db.DatabaseTarget;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.db.SwitchableDataSource;
import io.flowplane.xds.ads.AdsService;
import io.flowplane.xds.ads.StreamRegistry;
import io.flowplane.xds.ads.StreamStatus;
import io.flowplane.xds.source.ConfigPoller;
import io.flowplane.xds.source.LoadStatus;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.Status;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover hooks of xds-service. A switch or restart never empties the served snapshot: the
 * current one stays until a new load succeeds.
 */
public final class XdsControlPlaneHooks implements ControlPlaneHooks {
    public static final String SERVICE = "xds-service";
    private static final Logger LOG = LoggerFactory.getLogger(XdsControlPlaneHooks.class);

    private final SwitchableDataSource dataSource;
    private final DatabaseTarget target;
    private final ConfigPoller poller;
    private final SnapshotSource snapshots;
    private final StreamRegistry streams;
    private final AdsService ads;
    private final Restarts restarts;

    public XdsControlPlaneHooks(SwitchableDataSource dataSource, DatabaseTarget target, ConfigPoller poller,
            SnapshotSource snapshots, StreamRegistry streams, AdsService ads, Restarts restarts) {
        this.dataSource = dataSource;
        this.target = target;
        this.poller = poller;
        this.snapshots = snapshots;
        this.streams = streams;
        this.ads = ads;
        this.restarts = restarts;
    }

    /** {@code readOnly} is false when the database does not answer; {@code healthy} says so then. */
    @Override
    public ControlPlaneStatus status() {
        // Bounded, so a lost database makes this answer "unhealthy" well within the caller's timeout.
        boolean readOnly = Databases.isInRecoveryWithin(dataSource, Duration.ofMillis(1500)).orElse(false);
        LoadStatus load = poller.status();
        boolean inSync = snapshots.current().map(streams::dataplanesInSync).orElse(false);
        return new ControlPlaneStatus(SERVICE, dataSource.url().describe(), target.source().name(), readOnly,
                load.healthy(), load.revision() == null ? -1 : load.revision(), restarts.generation(),
                restarts.restarting(), (int) streams.connectedDataplanes(), inSync, dataSource.url().describe());
    }

    @Override
    public List<String> connectedNodes() {
        return streams.statuses().stream().map(StreamStatus::nodeId).filter(id -> id != null && !id.isBlank())
                .distinct().sorted().toList();
    }

    /** xds-service only reads: it moves to {@code readUrl} when one is given, else to {@code url}. */
    @Override
    public ControlPlaneStatus switchDatabase(String url, String readUrl) throws Exception {
        String reading = readUrl != null ? readUrl : url;
        DatabaseUrl next = DatabaseUrl.parse(reading);
        dataSource.switchTo(next);
        target.persist(reading);
        LOG.info("database switched to {} (kept in {})", next.describe(), target.stateFile());
        poller.reloadNow();
        return status();
    }

    @Override
    public void restart(int drainSeconds) {
        LOG.info("restart requested, draining {} s", drainSeconds);
        restarts.restart(drainSeconds, this::drain, this::reinitialize);
    }

    /** Envoys reconnect at once and keep their configuration; they are served the current snapshot. */
    private void drain() {
        ads.closeAllStreams(Status.UNAVAILABLE.withDescription("control plane restarting"));
    }

    private void reinitialize() {
        DatabaseUrl url = target.effectiveUrl();
        try {
            dataSource.switchTo(url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reopen " + url.describe() + ": " + e.getMessage(), e);
        }
        try {
            poller.reloadNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading", e);
        }
        LOG.info("reinitialized on {} ({})", url.describe(), target.source());
    }
}
