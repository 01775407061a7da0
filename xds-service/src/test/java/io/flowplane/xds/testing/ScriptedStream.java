package io.flowplane.xds.testing;

import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/** What the scripted SotW and delta clients share: one stream, responses queued in arrival order. */
public abstract class ScriptedStream<Q, R> implements StreamObserver<R>, AutoCloseable {
    private final ResponseQueue<R> responses = new ResponseQueue<>();
    private final StreamObserver<Q> requests;
    private volatile Throwable error;

    /** @param open the stub's streaming call, e.g. {@code stub::streamAggregatedResources} */
    protected ScriptedStream(Function<StreamObserver<R>, StreamObserver<Q>> open) {
        this.requests = open.apply(this);
    }

    protected final void sendRequest(Q request) {
        requests.onNext(request);
    }

    /** The next response; fails the test when none comes in time. */
    protected final R next() {
        return responses.next(() -> "stream error: " + error);
    }

    public final Throwable error() {
        return error;
    }

    /** How the server ended the stream; fails the test when it has not ended within 10 s. */
    public final io.grpc.Status awaitEnd() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (error == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not end the stream within 10 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return io.grpc.Status.fromThrowable(error);
    }

    /** Responses received and not yet taken. */
    public final int pending() {
        return responses.size();
    }

    @Override
    public final void onNext(R response) {
        responses.add(response);
    }

    @Override
    public final void onError(Throwable t) {
        error = t;
    }

    @Override
    public final void onCompleted() {}

    @Override
    public final void close() {
        try {
            requests.onCompleted();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
