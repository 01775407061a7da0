package io.flowplane.xds.snapshot;

import com.google.protobuf.Any;

/** One named xDS resource, packed, with the SHA-256 of its deterministic encoding. */
public record VersionedResource(String name, Any resource, String digest) {
    public static VersionedResource of(String name, com.google.protobuf.Message message) {
        Any packed = Protos.pack(message);
        return new VersionedResource(name, packed, Protos.sha256Hex(packed));
    }
}
