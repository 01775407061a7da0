package io.flowplane.workflows.activity;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a cluster's members and control planes stand, from the clusters file: the guide's primary (us-east-1) with
 * a synchronous replica in its region and asynchronous ones in others. Which member is the primary is not here: it
 * is read live, so the file stays true after a failover.
 *
 * @param memberRegions       member -> region; a member without one is in no region
 * @param synchronousMembers  the members that replicate synchronously when they are replicas: a new primary's
 *                            {@code synchronous_standby_names} names those of its region
 * @param controlPlaneRegions control plane base URL -> region: it reads from a replica of that region, or from the
 *                            primary when the region has none; one without a region reads where it writes
 */
public record RegionalTopology(Map<String, String> memberRegions, List<String> synchronousMembers, Map<String, String> controlPlaneRegions) {
    public static final RegionalTopology NONE = new RegionalTopology(Map.of(), List.of(), Map.of());
    /** What a region is called, in the clusters file and in a failover's prefer_region: us-east, eu-west-1. */
    public static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    public RegionalTopology {
        memberRegions = memberRegions == null ? Map.of() : Map.copyOf(memberRegions);
        synchronousMembers = synchronousMembers == null ? List.of() : List.copyOf(synchronousMembers);
        controlPlaneRegions = controlPlaneRegions == null ? Map.of() : Map.copyOf(controlPlaneRegions);
    }

    public String regionOf(String member) {
        return memberRegions.get(member);
    }

    public boolean synchronous(String member) {
        return synchronousMembers.contains(member);
    }

    public boolean sameRegion(String member, String other) {
        return regionOf(member) != null && Objects.equals(regionOf(member), regionOf(other));
    }

    public String controlPlaneRegion(String baseUrl) {
        return controlPlaneRegions.get(baseUrl);
    }

    public String roleOf(String member) {
        return synchronous(member) ? "synchronous" : "asynchronous";
    }
}
