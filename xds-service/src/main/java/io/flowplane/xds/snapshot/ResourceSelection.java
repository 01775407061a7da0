package io.flowplane.xds.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * The resources of one type that one response would carry, and their version: the SHA-256 over
 * their sorted names and content digests. Equal content gives an equal version on every control plane.
 */
public record ResourceSelection(List<VersionedResource> resources, String version) {
    /** @param sortedByName resources in ascending name order */
    public static ResourceSelection of(List<VersionedResource> sortedByName) {
        MessageDigest digest = Protos.sha256();
        for (VersionedResource r : sortedByName) {
            digest.update(r.name().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(r.digest().getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '\n');
        }
        return new ResourceSelection(List.copyOf(sortedByName), HexFormat.of().formatHex(digest.digest()));
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }

    public List<String> names() {
        return resources.stream().map(VersionedResource::name).toList();
    }
}
