package io.flowplane.activities.config;

import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.workflows.activity.RegionalTopology;
import io.temporal.failure.ApplicationFailure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One database cluster of the worker's configuration.
 *
 * @param members        member name -> admin URL (a role that may fence and pg_promote)
 * @param switchableUrls name -> URL a control plane may be switched to: every member (its client URL) and every {@code urls:} entry
 * @param controlPlanes  admin base URLs of the control-plane processes using this cluster, without trailing slash
 * @param aurora         the Aurora Global Database whose regional clusters the members are, or null
 * @param dns            the DNS record Envoys find these control planes by, or null
 * @param reads          control plane -> the switchable URL name it reads from once moved (its region's reader)
 * @param regions        members' regions and roles, control planes' regions
 */
public record ClusterConfig(String name, Map<String, DatabaseUrl> members, Map<String, String> switchableUrls, List<String> controlPlanes,
        AuroraSettings aurora, DnsSettings dns, Map<String, String> reads, RegionalTopology regions) {
    public ClusterConfig {
        // Keeps the file's order: preflight describes members in it.
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        switchableUrls = Collections.unmodifiableMap(new LinkedHashMap<>(switchableUrls));
        controlPlanes = List.copyOf(controlPlanes);
        reads = reads == null ? Map.of() : Map.copyOf(reads);
        regions = regions == null ? RegionalTopology.NONE : regions;
    }

    public ClusterConfig(String name, Map<String, DatabaseUrl> members, Map<String, String> switchableUrls, List<String> controlPlanes) {
        this(name, members, switchableUrls, controlPlanes, null, null, Map.of(), RegionalTopology.NONE);
    }

    /** Non-retryable {@code NoDnsRecord} when the file gives this cluster no {@code dns:} section. */
    public DnsSettings requireDns() {
        if (dns == null) {
            throw ApplicationFailure.newNonRetryableFailure("cluster " + name + " has no dns section in the worker's clusters file",
                    "NoDnsRecord");
        }
        return dns;
    }

    /** Non-retryable {@code NotAurora} when the file gives this cluster no {@code aurora:} section. */
    public AuroraSettings requireAurora() {
        if (aurora == null) {
            throw ApplicationFailure.newNonRetryableFailure("cluster " + name + " has no aurora section in the worker's clusters file",
                    "NotAurora");
        }
        return aurora;
    }

    public DatabaseUrl adminUrl(String member) {
        DatabaseUrl url = members.get(member);
        if (url == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "cluster " + name + " has no member '" + member + "'; members: " + members.keySet(), "UnknownMember");
        }
        return url;
    }

    /** The URL itself: goes into a control plane's request body, never into workflow history. */
    public String switchableUrl(String urlName) {
        String url = switchableUrls.get(urlName);
        if (url == null) {
            throw ApplicationFailure.newNonRetryableFailure("cluster " + name + " has no member or url named '" + urlName
                    + "'; names: " + switchableUrls.keySet(), "UnknownUrlName");
        }
        return url;
    }

    /** host:port/database of a switchable URL. */
    public String describe(String urlName) {
        return DatabaseUrl.parse(switchableUrl(urlName)).describe();
    }

    public List<String> namesPointingAt(String database) {
        return switchableUrls.entrySet().stream()
                .filter(e -> DatabaseUrl.parse(e.getValue()).describe().equals(database))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
