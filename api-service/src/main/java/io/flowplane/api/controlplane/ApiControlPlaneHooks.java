package io.flowplane.api.controlplane;

import io.flowplane.core.controlplane.ControlPlaneHooks;
import io.flowplane.core.controlplane.ControlPlaneStatus;
import io.flowplane.core.controlplane.Restarts;
import io.flowplane.core.db.DatabaseTarget;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.db.SwitchableDataSource;
import io.flowplane.core.store.RevisionStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * api-service's side of a failover: report, switch and reopen its database. A restart reopens
 * every connection on the persisted URL and migrates it if it is a writable primary.
 */
public class ApiControlPlaneHooks implements ControlPlaneHooks {
    private static final Logger LOG = LoggerFactory.getLogger(ApiControlPlaneHooks.class);
    /** Well inside the worker's 5 s status timeout, so a lost database reads as unhealthy, not unreachable. */
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(1500);

    private final SwitchableDataSource primary;
    private final DatabaseTarget target;
    private final SwitchableDataSource reads;
    private final DatabaseTarget readTarget;
    private final RevisionStore revisions;
    private final Restarts restarts = new Restarts();

    /** @param reads the read pool; it follows the primary unless {@code readTarget} gives a read URL of its own */
    public ApiControlPlaneHooks(SwitchableDataSource primary, DatabaseTarget target, SwitchableDataSource reads, DatabaseTarget readTarget) {
        this.primary = primary;
        this.target = target;
        this.reads = reads;
        this.readTarget = readTarget;
        this.revisions = new RevisionStore(Jdbi.create(primary));
    }

    @Override
    public ControlPlaneStatus status() {
        Optional<Boolean> role = Databases.isInRecoveryWithin(primary, PROBE_TIMEOUT);
        boolean healthy = role.isPresent();
        boolean readOnly = role.orElse(false);
        long revision = -1;
        if (healthy) {
            try {
                revision = revisions.current();
            } catch (Exception e) {
                healthy = false;
            }
        }
        return new ControlPlaneStatus("api-service", primary.url().describe(), target.source().name().toLowerCase(),
                readOnly, healthy && !restarts.restarting(), revision, restarts.generation(), restarts.restarting(), 0, true,
                reads.url().describe());
    }

    @Override
    public ControlPlaneStatus switchDatabase(String url, String readUrl) throws SQLException {
        DatabaseUrl next = DatabaseUrl.parse(url);
        if (readUrl != null) {
            // The read pool first: nothing is switched if the reader does not answer.
            reads.switchTo(DatabaseUrl.parse(readUrl));
            readTarget.persist(readUrl);
            LOG.info("reads switched to {} and kept in {}", reads.url(), readTarget.stateFile());
        }
        primary.switchTo(next);
        target.persist(url);
        if (readUrl == null && readTarget.configuredUrl().isEmpty()) {
            reads.switchTo(next);
        }
        migrateIfPrimary();
        LOG.info("database switched to {} and kept in {}", next, target.stateFile());
        return status();
    }

    @Override
    public void restart(int drainSeconds) {
        restarts.restart(drainSeconds, () -> LOG.info("restart: draining for {}s", drainSeconds), () -> {
            try {
                primary.switchTo(target.effectiveUrl());
                reads.switchTo(readTarget.configuredUrl().orElse(target.effectiveUrl()));
                migrateIfPrimary();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reopen " + target.effectiveUrl() + ": " + e.getMessage(), e);
            }
        });
    }

    private void migrateIfPrimary() throws SQLException {
        if (!Databases.isInRecovery(primary)) {
            Databases.migrate(primary);
        }
    }
}
