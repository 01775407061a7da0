package io.flowplane.xds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** What the scripted SotW and delta clients share: one stream, responses queued in arrival order. */
public abstract class ScriptedStream<Q, R> implements StreamObserver<R>, AutoCloseable {
    /** Waiting for something that should come; generous because CI machines are slow. */
    static final long AWAIT_SECONDS = 10;
    /** How long to wait for something that should not come. */
    public static final Duration SETTLE = Duration.ofMillis(300);

    private final BlockingQueue<R> responses = new LinkedBlockingQueue<>();
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
        try {
            R response = responses.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(response).as("a response within %ss (stream error: %s)", AWAIT_SECONDS, error).isNotNull();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Everything that arrives within the settle time. */
    public final List<R> drain() {
        List<R> received = new ArrayList<>();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        try {
            while (true) {
                R response = responses.poll(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
                if (response == null) {
                    return received;
                }
                received.add(response);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public final Throwable error() {
        return error;
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
