package io.flowplane.xds.ads;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State-of-the-world ADS. Delta ADS is not implemented: the base class answers it with
 * UNIMPLEMENTED, and Envoy configured for GRPC (not DELTA_GRPC) never asks for it.
 */
public final class AdsService extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {
    private final SnapshotSource source;
    private final Executor workers;
    private final AdsEvents events;
    private final Clock clock;
    private final StreamRegistry registry;
    private final AtomicLong streamIds = new AtomicLong();

    /** @param workers a bounded pool shared by all streams; each stream runs sequentially on it */
    public AdsService(SnapshotSource source, Executor workers, AdsEvents events, Clock clock, StreamRegistry registry) {
        this.source = source;
        this.workers = workers;
        this.events = events;
        this.clock = clock;
        this.registry = registry;
        source.subscribe(snapshot -> registry.streams().forEach(AdsStream::onSnapshotChanged));
    }

    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> responses) {
        AdsStream stream = new AdsStream(streamIds.incrementAndGet(), responses,
                MoreExecutors.newSequentialExecutor(workers), source, events, clock);
        registry.add(stream);
        if (responses instanceof ServerCallStreamObserver<DiscoveryResponse> call) {
            call.setOnCancelHandler(() -> {
                stream.closed();
                registry.remove(stream);
            });
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryRequest request) {
                stream.onRequest(request);
            }

            @Override
            public void onError(Throwable t) {
                stream.closed();
                registry.remove(stream);
            }

            @Override
            public void onCompleted() {
                stream.completeFromClient();
                registry.remove(stream);
            }
        };
    }

    /** Ends every open stream so Envoys reconnect, e.g. to another control plane, at shutdown. */
    public void closeAllStreams(Status status) {
        registry.streams().forEach(stream -> stream.terminate(status));
    }
}
