package io.flowplane.xds.ads;

import com.google.common.util.concurrent.MoreExecutors;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.binding.CertificateIdentity;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** ADS, state-of-the-world and delta. The client's certificate identity (if any) comes from the gRPC context. */
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
        source.subscribe(snapshot -> registry.streams().forEach(AdsStreamBase::onSnapshotChanged));
    }

    @Override
    public StreamObserver<DiscoveryRequest> streamAggregatedResources(StreamObserver<DiscoveryResponse> responses) {
        AdsStream stream = new AdsStream(nextStream(), responses);
        return open(stream, responses, request -> stream.onRequest(request, request.getNode(), request.getTypeUrl()));
    }

    @Override
    public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
            StreamObserver<DeltaDiscoveryResponse> responses) {
        DeltaAdsStream stream = new DeltaAdsStream(nextStream(), responses);
        return open(stream, responses, request -> stream.onRequest(request, request.getNode(), request.getTypeUrl()));
    }

    /** Called on the gRPC thread of the new call, whose context carries the client's certificate identity. */
    private StreamContext nextStream() {
        return new StreamContext(streamIds.incrementAndGet(), MoreExecutors.newSequentialExecutor(workers), source,
                events, clock, CertificateIdentity.current());
    }

    private <Q> StreamObserver<Q> open(AdsStreamBase<?, ?, ?> stream, StreamObserver<?> responses,
            Consumer<Q> onRequest) {
        registry.add(stream);
        if (responses instanceof ServerCallStreamObserver<?> call) {
            call.setOnCancelHandler(() -> {
                stream.closed();
                registry.remove(stream);
            });
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(Q request) {
                onRequest.accept(request);
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

    /** Ends every open stream so Envoys reconnect (here after a restart, or to another control plane). */
    public void closeAllStreams(Status status) {
        registry.streams().forEach(stream -> {
            stream.terminate(status);
            registry.remove(stream);
        });
    }
}
