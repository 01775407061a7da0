package io.flowplane.xds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted delta xDS client: one stream, requests sent by hand, responses collected in order. */
public final class DeltaClient implements StreamObserver<DeltaDiscoveryResponse>, AutoCloseable {
    private static final long AWAIT_SECONDS = 10;

    private final BlockingQueue<DeltaDiscoveryResponse> responses = new LinkedBlockingQueue<>();
    private final StreamObserver<DeltaDiscoveryRequest> requests;
    private final Node node;
    private boolean nodeSent;
    private volatile Throwable error;

    private DeltaClient(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        this.node = node;
        this.requests = stub.deltaAggregatedResources(this);
    }

    public static DeltaClient connect(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        return new DeltaClient(stub, node);
    }

    public void subscribe(String typeUrl, String... names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesSubscribe(List.of(names)));
    }

    public void unsubscribe(String typeUrl, String... names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesUnsubscribe(List.of(names)));
    }

    /** A first request on a new stream from a client that already holds these resource versions. */
    public void resubscribe(String typeUrl, Map<String, String> held, String... names) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNamesSubscribe(List.of(names))
                .putAllInitialResourceVersions(held));
    }

    public void ack(DeltaDiscoveryResponse response) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setResponseNonce(response.getNonce()));
    }

    public void nack(DeltaDiscoveryResponse response, String message) {
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setResponseNonce(response.getNonce())
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage(message)));
    }

    public void send(DeltaDiscoveryRequest.Builder request) {
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        requests.onNext(request.build());
    }

    public DeltaDiscoveryResponse await(String typeUrl) {
        try {
            DeltaDiscoveryResponse response = responses.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(response).as("a response within %ss (stream error: %s)", AWAIT_SECONDS, error).isNotNull();
            assertThat(response.getTypeUrl()).isEqualTo(typeUrl);
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<DeltaDiscoveryResponse> drain() {
        List<DeltaDiscoveryResponse> received = new ArrayList<>();
        long deadline = System.nanoTime() + AdsClient.SETTLE.toNanos();
        try {
            while (true) {
                DeltaDiscoveryResponse response = responses.poll(Math.max(deadline - System.nanoTime(), 0),
                        TimeUnit.NANOSECONDS);
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

    public static List<String> names(DeltaDiscoveryResponse response) {
        return response.getResourcesList().stream().map(Resource::getName).toList();
    }

    public static Map<String, String> versions(DeltaDiscoveryResponse response) {
        Map<String, String> versions = new java.util.TreeMap<>();
        response.getResourcesList().forEach(r -> versions.put(r.getName(), r.getVersion()));
        return versions;
    }

    public Throwable error() {
        return error;
    }

    @Override
    public void onNext(DeltaDiscoveryResponse response) {
        responses.add(response);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
    }

    @Override
    public void onCompleted() {}

    @Override
    public void close() {
        try {
            requests.onCompleted();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
