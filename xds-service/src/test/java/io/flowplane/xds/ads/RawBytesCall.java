package io.flowplane.xds.ads;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A bidi call that sends whatever bytes it is given as messages, e.g. bytes that are no protobuf at all. */
final class RawBytesCall {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final ClientCall<byte[], byte[]> call;
    private final CompletableFuture<Status> end = new CompletableFuture<>();

    private RawBytesCall(ClientCall<byte[], byte[]> call) {
        this.call = call;
    }

    static RawBytesCall open(Channel channel, String fullMethodName) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(BYTES, BYTES)
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                .setFullMethodName(fullMethodName)
                .build();
        RawBytesCall raw = new RawBytesCall(channel.newCall(method, CallOptions.DEFAULT));
        raw.call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                raw.end.complete(status);
            }
        }, new Metadata());
        raw.call.request(Integer.MAX_VALUE);
        return raw;
    }

    void send(byte[] message) {
        call.sendMessage(message);
    }

    Status awaitEnd() throws Exception {
        return end.get(10, TimeUnit.SECONDS);
    }
}
