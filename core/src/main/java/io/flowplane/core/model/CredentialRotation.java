package io.flowplane.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What issuing a new xDS credential does to a dataplane's others: they stay valid for {@code overlap}
 * (Envoys still holding them keep their streams while their bootstraps are replaced), never longer than
 * they already would; expired ones are dropped.
 */
public final class CredentialRotation {
    /** Active credentials one dataplane may hold at once, the new one included. */
    public static final int MAX_ACTIVE = 10;
    public static final String SECRET_PREFIX = "fpdp_";

    private CredentialRotation() {}

    /** The credentials after {@code issued} joins them at {@code now}; refused when too many would be active. */
    public static List<DataplaneCredential> rotate(List<DataplaneCredential> current, DataplaneCredential issued,
            Instant now, Duration overlap) {
        Instant overlapEnds = now.plus(overlap);
        List<DataplaneCredential> next = new ArrayList<>();
        for (DataplaneCredential credential : current) {
            Instant expiresAt = credential.expiresAt() == null || credential.expiresAt().isAfter(overlapEnds)
                    ? overlapEnds : credential.expiresAt();
            if (expiresAt.isAfter(now)) {
                next.add(new DataplaneCredential(credential.id(), credential.sha256(), credential.createdAt(), expiresAt));
            }
        }
        if (next.size() + 1 > MAX_ACTIVE) {
            throw new IllegalStateException(next.size() + " credentials are still in their overlap (at most "
                    + (MAX_ACTIVE - 1) + "); revoke them or issue the next one with a shorter overlap_seconds");
        }
        next.add(issued);
        return List.copyOf(next);
    }
}
