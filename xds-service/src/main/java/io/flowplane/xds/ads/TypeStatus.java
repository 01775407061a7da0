package io.flowplane.xds.ads;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Status of one resource type on one stream. {@code subscribed} is null for a wildcard subscription.
 * For delta streams the versions are those of the type as a whole (system_version_info).
 * {@code lastAckedAt} is when the stream handled the client's ACK of its latest accepted response
 * (null before the first ACK); a NACK or an answer to an older response leaves it as it is.
 */
public record TypeStatus(String typeUrl, List<String> subscribed, String lastSentVersion, String lastAckedVersion,
        Instant lastAckedAt, Nack lastNack, long responsesSent) {

    public TypeStatus {
        // The status API promises microseconds, whatever the clock's resolution.
        lastAckedAt = lastAckedAt == null ? null : lastAckedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
