package io.flowplane.xds.ads;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.binding.CertificateIdentity;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/** ADS, state-of-the-world and delta. The client's certificate identity (if any) comes from the gRPC context. */
public final class AdsService implements BindableService {
    private final SnapshotSource source;
    private final Executor workers;
    private final AdsEvents events;
    private final Clock clock;
    private final StreamRegistry registry;
    private final AdsLimits limits;
    private final AtomicLong streamIds = new AtomicLong();

    public AdsService(SnapshotSource source, Executor workers, AdsEvents events, Clock clock, StreamRegistry registry) {
        this(source, workers, events, clock, registry, AdsLimits.DEFAULT);
    }

    /** @param workers a bounded pool shared by all streams; each stream runs sequentially on it, a task per turn */
    public AdsService(SnapshotSource source, Executor workers, AdsEvents events, Clock clock, StreamRegistry registry,
            AdsLimits limits) {
        this.limits = limits;
        this.source = source;
        this.workers = workers;
        this.events = events;
        this.clock = clock;
        this.registry = registry;
        source.subscribe(snapshot -> registry.streams().forEach(AdsStreamBase::onSnapshotChanged));
    }

    /** Requests that do not parse end their stream with INVALID_ARGUMENT saying why. */
    @Override
    public ServerServiceDefinition bindService() {
        return RequestParsing.strict(new Endpoints().bindService());
    }

    private final class Endpoints extends AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceImplBase {
        @Override
        public StreamObserver<DiscoveryRequest> streamAggregatedResources(
                StreamObserver<DiscoveryResponse> responses) {
            AdsStream stream = new AdsStream(nextStream(), (ServerCallStreamObserver<DiscoveryResponse>) responses);
            open(stream);
            return new RequestObserver<>(stream) {
                @Override
                public void onNext(DiscoveryRequest request) {
                    stream.onRequest(request, request.hasNode() ? request.getNode() : null, request.getTypeUrl());
                }
            };
        }

        @Override
        public StreamObserver<DeltaDiscoveryRequest> deltaAggregatedResources(
                StreamObserver<DeltaDiscoveryResponse> responses) {
            DeltaAdsStream stream =
                    new DeltaAdsStream(nextStream(), (ServerCallStreamObserver<DeltaDiscoveryResponse>) responses);
            open(stream);
            return new RequestObserver<>(stream) {
                @Override
                public void onNext(DeltaDiscoveryRequest request) {
                    stream.onRequest(request, request.hasNode() ? request.getNode() : null, request.getTypeUrl());
                }
            };
        }
    }

    /** Called on the gRPC thread of the new call, whose context carries the client's certificate identity. */
    private StreamContext nextStream() {
        return new StreamContext(streamIds.incrementAndGet(), new StreamExecutor(workers), source, events, clock,
                CertificateIdentity.current(), limits);
    }

    private void open(AdsStreamBase<?, ?, ?> stream) {
        registry.add(stream);
        stream.start(() -> registry.remove(stream));
    }

    /** The end of the client's side of a stream. */
    private abstract static class RequestObserver<Q> implements StreamObserver<Q> {
        private final AdsStreamBase<?, ?, ?> stream;

        RequestObserver(AdsStreamBase<?, ?, ?> stream) {
            this.stream = stream;
        }

        @Override
        public void onError(Throwable t) {
            stream.finish();
        }

        @Override
        public void onCompleted() {
            stream.completeFromClient();
        }
    }

    /** Ends every open stream so Envoys reconnect (here after a restart, or to another control plane). */
    public void closeAllStreams(Status status) {
        registry.streams().forEach(stream -> {
            stream.terminate(status);
            registry.remove(stream);
        });
    }
}
