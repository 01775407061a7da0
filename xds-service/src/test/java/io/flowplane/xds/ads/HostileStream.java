package io.flowplane.xds.ads;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.flowplane.xds.testing.ResponseQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client that sends exactly what it is given (no node added, no protocol followed), records responses
 * and how the stream ended, and can refuse to read anything.
 */
final class HostileStream<Q, R> implements ClientResponseObserver<Q, R> {
    private static final long AWAIT_SECONDS = ResponseQueue.AWAIT_SECONDS;

    private final boolean reads;
    private final ResponseQueue<R> responses = new ResponseQueue<>();
    private final CompletableFuture<Status> end = new CompletableFuture<>();
    private ClientCallStreamObserver<Q> requests;

    private HostileStream(boolean reads) {
        this.reads = reads;
    }

    static HostileStream<DiscoveryRequest, DiscoveryResponse> sotw(AggregatedDiscoveryServiceStub stub) {
        return sotw(stub, true);
    }

    /** @param reads false for a client that never reads a response */
    static HostileStream<DiscoveryRequest, DiscoveryResponse> sotw(AggregatedDiscoveryServiceStub stub,
            boolean reads) {
        HostileStream<DiscoveryRequest, DiscoveryResponse> stream = new HostileStream<>(reads);
        stub.streamAggregatedResources(stream);
        return stream;
    }

    static HostileStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> delta(AggregatedDiscoveryServiceStub stub) {
        return delta(stub, true);
    }

    static HostileStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> delta(AggregatedDiscoveryServiceStub stub,
            boolean reads) {
        HostileStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> stream = new HostileStream<>(reads);
        stub.deltaAggregatedResources(stream);
        return stream;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        requests = requestStream;
        if (!reads) {
            requestStream.disableAutoRequestWithInitial(0);
        }
    }

    void send(Q request) {
        requests.onNext(request);
    }

    /** Sends without waiting: the client side buffers what the server has not read. */
    void flood(Q request, int times) {
        for (int i = 0; i < times; i++) {
            requests.onNext(request);
        }
    }

    void halfClose() {
        requests.onCompleted();
    }

    void cancel() {
        requests.cancel("hostile client gives up", null);
    }

    R await() {
        return responses.next(() -> "stream ended: " + end.getNow(null));
    }

    /** How the server ended the stream (OK for a clean completion). */
    Status awaitEnd() {
        try {
            return end.get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the stream was not ended within " + AWAIT_SECONDS + "s", e);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    boolean ended() {
        return end.isDone();
    }

    @Override
    public void onNext(R response) {
        responses.add(response);
    }

    @Override
    public void onError(Throwable t) {
        end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        end.complete(Status.OK);
    }
}
