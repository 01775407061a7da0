package io.flowplane.xds.ads;

import com.google.common.base.Throwables;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Parses requests before the service sees them, so that bytes which are no valid request end the call with
 * INVALID_ARGUMENT naming the parse error (e.g. too deeply nested). gRPC alone would end it with UNKNOWN
 * "Application error processing RPC" and log a stack trace.
 */
final class RequestParsing implements ServerInterceptor {
    private final ServerServiceDefinition typed;

    private RequestParsing(ServerServiceDefinition typed) {
        this.typed = typed;
    }

    static ServerServiceDefinition strict(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service),
                new RequestParsing(service));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        MethodDescriptor<?, ?> method =
                typed.getMethod(call.getMethodDescriptor().getFullMethodName()).getMethodDescriptor();
        CloseOnceCall<Q, R> guarded = new CloseOnceCall<>(call);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(guarded, headers)) {
            @Override
            @SuppressWarnings("unchecked") // the service takes InputStream messages (useInputStreamMessages)
            public void onMessage(Q message) {
                InputStream checked;
                try {
                    checked = reparsed(method, (InputStream) message);
                } catch (RuntimeException e) {
                    guarded.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                            + requestType(method) + ": " + Throwables.getRootCause(e).getMessage()), new Metadata());
                    return;
                }
                super.onMessage((Q) checked);
            }
        };
    }

    private static String requestType(MethodDescriptor<?, ?> method) {
        return method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller
                && marshaller.getMessagePrototype() instanceof Message prototype
                ? prototype.getDescriptorForType().getFullName() : "request";
    }

    /** The parsed message as a stream the service's own parsing takes without parsing again. */
    private static <T> InputStream reparsed(MethodDescriptor<T, ?> method, InputStream message) {
        return method.streamRequest(method.parseRequest(message));
    }

    /** Closing here races with the stream's own sends on its worker: both go through this lock, once. */
    private static final class CloseOnceCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private boolean closed;

        CloseOnceCall(ServerCall<Q, R> call) {
            super(call);
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                super.close(status, trailers);
            }
        }
    }
}
