package io.flowplane.xds.ads;

import java.util.List;

/**
 * Status of one resource type on one stream. {@code subscribed} is null for a wildcard subscription.
 * For delta streams the versions are those of the type as a whole (system_version_info).
 */
public record TypeStatus(String typeUrl, List<String> subscribed, String lastSentVersion, String lastAckedVersion,
        Nack lastNack, long responsesSent) {}
