package io.flowplane.xds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Responses of one test stream in arrival order, taken one by one. */
public final class ResponseQueue<R> {
    /** Waiting for something that should come; generous because CI machines are slow. */
    public static final long AWAIT_SECONDS = 10;

    private final BlockingQueue<R> responses = new LinkedBlockingQueue<>();

    public void add(R response) {
        responses.add(response);
    }

    public int size() {
        return responses.size();
    }

    /** The next response; fails the test when none comes in time, saying how the stream stands. */
    public R next(Supplier<String> streamState) {
        try {
            R response = responses.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(response).as("a response within %ss (%s)", AWAIT_SECONDS, streamState.get()).isNotNull();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
