package io.flowplane.xds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted Envoy: one ADS stream, requests sent by hand, responses collected in order. */
public final class AdsClient implements StreamObserver<DiscoveryResponse>, AutoCloseable {
    /** Waiting for something that should come; generous because CI machines are slow. */
    private static final long AWAIT_SECONDS = 10;
    /** How long to wait for something that should not come. */
    public static final Duration SETTLE = Duration.ofMillis(300);

    private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    private final StreamObserver<DiscoveryRequest> requests;
    private final Node node;
    private boolean nodeSent;
    private volatile Throwable error;

    private AdsClient(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        this.node = node;
        this.requests = stub.streamAggregatedResources(this);
    }

    public static AdsClient connect(AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub, Node node) {
        return new AdsClient(stub, node);
    }

    public static Node nodeInCluster(String id, String cluster) {
        return Node.newBuilder().setId(id).setCluster(cluster).build();
    }

    public static Node nodeWithDataplaneId(String id, String cluster, String dataplaneId) {
        return Node.newBuilder().setId(id).setCluster(cluster)
                .setMetadata(Struct.newBuilder().putFields("flowplane_dataplane_id",
                        Value.newBuilder().setStringValue(dataplaneId).build()))
                .build();
    }

    /** A first request for a type: no nonce. */
    public void subscribe(String typeUrl, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).addAllResourceNames(List.of(names)));
    }

    /** A first request on a new stream from an Envoy that already holds {@code version}. */
    public void resubscribe(String typeUrl, String version, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(typeUrl).setVersionInfo(version)
                .addAllResourceNames(List.of(names)));
    }

    public void ack(DiscoveryResponse response, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setVersionInfo(response.getVersionInfo())
                .setResponseNonce(response.getNonce()).addAllResourceNames(List.of(names)));
    }

    public void nack(DiscoveryResponse response, String acceptedVersion, String message, String... names) {
        send(DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl()).setVersionInfo(acceptedVersion)
                .setResponseNonce(response.getNonce()).addAllResourceNames(List.of(names))
                .setErrorDetail(Status.newBuilder().setCode(3).setMessage(message)));
    }

    public void send(DiscoveryRequest.Builder request) {
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        requests.onNext(request.build());
    }

    public DiscoveryResponse await() {
        try {
            DiscoveryResponse response = responses.poll(AWAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(response).as("a response within %ss (stream error: %s)", AWAIT_SECONDS, error).isNotNull();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public DiscoveryResponse await(String typeUrl) {
        DiscoveryResponse response = await();
        assertThat(response.getTypeUrl()).isEqualTo(typeUrl);
        return response;
    }

    /** Everything that arrives within the settle time. */
    public List<DiscoveryResponse> drain() {
        List<DiscoveryResponse> received = new ArrayList<>();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                DiscoveryResponse response = responses.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
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

    public Throwable error() {
        return error;
    }

    @Override
    public void onNext(DiscoveryResponse response) {
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
