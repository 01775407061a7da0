package io.flowplane.xds.ads;

import java.util.List;

/** Status of one resource type on one stream. {@code subscribed} is null for a wildcard subscription. */
public record TypeStatus(String typeUrl, List<String> subscribed, String lastSentVersion, String lastAckedVersion,
        Nack lastNack) {}
