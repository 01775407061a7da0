package io.flowplane.activities.metrics;

import io.flowplane.activities.config.ClusterConfig;
import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.postgres.MemberConnector;
import io.flowplane.core.db.DatabaseUrl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples pg_replication_lag_seconds for every configured member that is a replica. Primaries and members
 * that cannot be reached have no series, so a stale value never lingers.
 */
public final class ReplicationLagSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationLagSampler.class);
    private static final String LAG = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN NOT pg_is_in_recovery() THEN NULL
                        WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0::float8
                        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END""";

    private final WorkerClusters clusters;
    private final MemberConnector connector;
    private final WorkerMetrics metrics;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "replication-lag-sampler");
        thread.setDaemon(true);
        return thread;
    });

    public ReplicationLagSampler(WorkerClusters clusters, MemberConnector connector, WorkerMetrics metrics) {
        this.clusters = clusters;
        this.connector = connector;
        this.metrics = metrics;
    }

    public void start(long everySeconds) {
        scheduler.scheduleWithFixedDelay(this::sampleOnce, 0, everySeconds, TimeUnit.SECONDS);
    }

    public void sampleOnce() {
        for (ClusterConfig cluster : clusters.all()) {
            for (Map.Entry<String, DatabaseUrl> member : cluster.members().entrySet()) {
                Double lag = lagOf(member.getValue());
                if (lag == null) {
                    metrics.replicationLag.remove(cluster.name(), member.getKey());
                } else {
                    metrics.replicationLag.labels(cluster.name(), member.getKey()).set(lag);
                }
            }
        }
    }

    private Double lagOf(DatabaseUrl url) {
        try (Connection c = connector.open(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LAG)) {
            rs.next();
            return rs.getBoolean(1) ? rs.getDouble(2) : null;
        } catch (SQLException e) {
            LOG.debug("cannot sample replication lag of {}: {}", url.describe(), e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
