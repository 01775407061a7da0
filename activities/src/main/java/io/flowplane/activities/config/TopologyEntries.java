package io.flowplane.activities.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.flowplane.workflows.activity.RegionalTopology;

/**
 * The two shapes a member and a control plane may take in the clusters file: a bare URL, or an entry with
 * its region (and, for a member, its role as a replica):
 *
 * <pre>
 * members:
 *   us-east-1: {url: postgresql://..., region: us-east, role: synchronous}
 *   eu-west-1: {url: postgresql://..., region: eu-west}          # role: asynchronous
 * control_planes:
 *   - {url: http://cp-eu.internal:8091, region: eu-west}
 * </pre>
 */
final class TopologyEntries {
    private static final Set<String> MEMBER_KEYS = Set.of("url", "region", "role");
    private static final Set<String> CONTROL_PLANE_KEYS = Set.of("url", "region");
    private static final Set<String> ROLES = Set.of("synchronous", "asynchronous");

    private TopologyEntries() {}

    /** Members' URLs, regions and synchronous ones, in the file's order. */
    record Members(Map<String, String> urls, Map<String, String> regions, List<String> synchronous) {
        String requireRegion(String where, String who, String region) {
            if (!regions.containsValue(region)) {
                throw new IllegalArgumentException(where + ": " + who + " is in region '" + region + "', where no member is;"
                        + " member regions: " + new TreeSet<>(regions.values()));
            }
            return region;
        }
    }

    static Members members(String where, Map<String, Object> entries) {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> regions = new LinkedHashMap<>();
        List<String> synchronous = new ArrayList<>();
        entries.forEach((member, entry) -> {
            String what = where + " member " + member;
            if (entry instanceof String url) {
                urls.put(member, url);
                return;
            }
            Map<String, Object> fields = fields(what, entry, MEMBER_KEYS, "a URL, or {url, region, role}");
            urls.put(member, required(what, fields, "url"));
            String region = optional(what, fields, "region");
            if (region != null) {
                regions.put(member, region(what, region));
            }
            String role = optional(what, fields, "role");
            if (role != null && !ROLES.contains(role)) {
                throw new IllegalArgumentException(what + ": role '" + role + "' is not synchronous or asynchronous (how the member"
                        + " replicates while it is a replica; which member is the primary is read from the servers)");
            }
            if ("synchronous".equals(role)) {
                if (region == null) {
                    throw new IllegalArgumentException(what + ": a synchronous member needs a region: a new primary waits for"
                            + " the synchronous members of its own region");
                }
                synchronous.add(member);
            }
        });
        return new Members(urls, regions, synchronous);
    }

    /** A control plane's base URL as written, and its region or null. */
    record ControlPlaneEntry(String url, String region) {}

    /** Every control plane entry in the file's order, duplicates included (the caller refuses them). */
    static List<ControlPlaneEntry> controlPlanes(String where, List<Object> entries) {
        List<ControlPlaneEntry> controlPlanes = new ArrayList<>();
        for (Object entry : entries == null ? List.of() : entries) {
            if (entry instanceof String url) {
                controlPlanes.add(new ControlPlaneEntry(url, null));
                continue;
            }
            Map<String, Object> fields = fields(where + " control plane", entry, CONTROL_PLANE_KEYS, "a URL, or {url, region}");
            String url = required(where + " control plane", fields, "url");
            String region = optional(where + " control plane " + url, fields, "region");
            controlPlanes.add(new ControlPlaneEntry(url, region == null ? null : region(where + " control plane " + url, region)));
        }
        return controlPlanes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(String what, Object entry, Set<String> allowed, String shape) {
        if (!(entry instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + ": must be " + shape);
        }
        Set<String> unknown = new LinkedHashSet<>();
        map.keySet().forEach(key -> {
            if (!allowed.contains(String.valueOf(key))) {
                unknown.add(String.valueOf(key));
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": unknown keys " + unknown + "; it is " + shape);
        }
        return (Map<String, Object>) map;
    }

    private static String required(String what, Map<String, Object> fields, String key) {
        String value = optional(what, fields, key);
        if (value == null) {
            throw new IllegalArgumentException(what + ": " + key + " is required");
        }
        return value;
    }

    private static String optional(String what, Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException(what + ": " + key + " must be a non-empty string");
        }
        return text;
    }

    private static String region(String what, String region) {
        if (!RegionalTopology.REGION_NAME.matcher(region).matches()) {
            throw new IllegalArgumentException(what + ": region '" + region + "' must be lower-case letters, digits and dashes,"
                    + " as us-east or eu-west-1");
        }
        return region;
    }
}
