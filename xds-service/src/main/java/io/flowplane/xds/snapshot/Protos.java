package io.flowplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic protobuf encoding and hashing, so equal content always yields equal versions. */
public final class Protos {
    private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

    private Protos() {}

    public static byte[] deterministicBytes(Message message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stream.checkNoSpaceLeft();
        return out;
    }

    /** Like {@link Any#pack}, but with deterministic bytes. */
    public static Any pack(Message message) {
        return Any.newBuilder()
                .setTypeUrl(TYPE_URL_PREFIX + message.getDescriptorForType().getFullName())
                .setValue(ByteString.copyFrom(deterministicBytes(message)))
                .build();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static String sha256Hex(Any resource) {
        MessageDigest digest = sha256();
        digest.update(resource.getTypeUrl().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(resource.getValue().asReadOnlyByteBuffer());
        return HexFormat.of().formatHex(digest.digest());
    }
}
