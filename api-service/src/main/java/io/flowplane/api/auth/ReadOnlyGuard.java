package io.flowplane.api.auth;

import io.flowplane.api.errors.ApiError;
import io.flowplane.core.db.SwitchableDataSource;
import io.flowplane.core.db.Databases;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Set;

/**
 * Refuses writes, before anything is written, when this control plane's database is a read-only
 * replica (the guide's regional control plane on a replica endpoint).
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class ReadOnlyGuard implements ContainerRequestFilter {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final long RECHECK_NANOS = 2_000_000_000L;
    private static final Duration ROLE_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final SwitchableDataSource primary;
    private volatile boolean readOnly;
    private volatile long checkedAt;

    public ReadOnlyGuard(SwitchableDataSource primary, boolean readOnlyAtStart) {
        this.primary = primary;
        this.readOnly = readOnlyAtStart;
        this.checkedAt = System.nanoTime();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!WRITES.contains(request.getMethod()) || !isReadOnly()) {
            return;
        }
        request.abortWith(new ApiError("read_only",
                "this control plane is read-only: its database " + primary.url().describe()
                        + " is a streaming replica (pg_is_in_recovery() = true); send writes to a control plane on the primary",
                null).toResponse(503));
    }

    private boolean isReadOnly() {
        long now = System.nanoTime();
        if (now - checkedAt > RECHECK_NANOS) {
            checkedAt = now;
            // Unknown role (no answer in time, or an error): let the write reach the database, which refuses it if
            // it must. Bounded, so a hung database costs a write one statement's timeout, not two.
            readOnly = Databases.isInRecoveryWithin(primary, ROLE_PROBE_TIMEOUT).orElse(false);
        }
        return readOnly;
    }
}
