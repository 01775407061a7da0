package io.flowplane.api.failovers;

import io.flowplane.core.auth.Caller;
import io.flowplane.api.resources.ConfigStores;
import io.flowplane.core.store.AuditStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes who started, approved or aborted an operation to the audit log. An operation is often started
 * because the database is failing, when a write hangs until the pool gives up or is refused by a fenced
 * primary: entries are written in the background, in order, so the request never waits for them, and a
 * failed write is tried again until {@link #GIVE_UP} has passed. Once the failover has switched this
 * process to the new primary, the entry lands there. The operation's Temporal history names the same
 * actor either way.
 */
final class OperationAudit {
    static final String RESOURCE_TYPE = "operation";
    static final Duration GIVE_UP = Duration.ofMinutes(15);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(OperationAudit.class);

    private final ConfigStores primary;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1000), runnable -> {
                Thread thread = new Thread(runnable, "flowplane-operation-audit");
                thread.setDaemon(true);
                return thread;
            });

    OperationAudit(ConfigStores primary) {
        this.primary = primary;
    }

    /** Who: the token's name and id, as approvals and aborts carry them. */
    static String actor(Caller caller) {
        return caller.tokenName() + " (" + caller.tokenId() + ")";
    }

    void record(Caller caller, String action, String operationId, String kind, Map<String, Object> detail) {
        AuditStore.Change change = new AuditStore.Change(caller.tokenId(), caller.tokenName(), action, RESOURCE_TYPE,
                operationId, kind, null, detail);
        try {
            writer.execute(() -> write(change));
        } catch (RejectedExecutionException e) {
            LOG.warn("audit entry '{}' of operation {} by {} dropped: {} entries wait for the database",
                    action, operationId, actor(caller), writer.getQueue().size());
        }
    }

    private void write(AuditStore.Change change) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                primary.audit().record(change);
                if (attempt > 1) {
                    LOG.info("audit entry '{}' of operation {} written at attempt {}", change.action(),
                            change.resourceId(), attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    LOG.error("audit entry '{}' of operation {} by {} ({}) not written after {}: {}; its Temporal "
                            + "history names the actor", change.action(), change.resourceId(), change.tokenName(),
                            change.tokenId(), GIVE_UP, e.getMessage());
                    return;
                }
                if (attempt == 1) {
                    LOG.warn("audit entry '{}' of operation {} not written yet ({}); trying again every {} s",
                            change.action(), change.resourceId(), e.getMessage(), RETRY_EVERY.toSeconds());
                }
                try {
                    Thread.sleep(RETRY_EVERY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
