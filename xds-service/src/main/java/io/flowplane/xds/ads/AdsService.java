package io.flowplane.xds.ads;

import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.binding.DataplaneAuthenticator;
import io.flowplane.xds.binding.StreamIdentity;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ADS, state-of-the-world and delta. What the client presented (certificate, credential) comes from the gRPC
 * context; a stream that proves no dataplane, or is over a stream limit, is refused before it holds any state.
 */
public final class AdsService implements BindableService {
    private static final Logger LOG = LoggerFactory.getLogger(AdsService.class);

    private final SnapshotSource source;
    private final Executor workers;
    private final AdsEvents events;
    private final Clock clock;
    private final StreamRegistry registry;
    private final AdsLimits limits;
    private final DataplaneAuthenticator authenticator;
    private final AtomicLong streamIds = new AtomicLong();
    private final Duration clusterRetention;

    /** Protocol tests' server: default limits, unauthenticated streams allowed. */
    public AdsService(SnapshotSource source, Executor workers, AdsEvents events, Clock clock, StreamRegistry registry) {
        this(source, workers, events, clock, registry, AdsLimits.DEFAULT, new DataplaneAuthenticator(true),
                ClusterHandover.DEFAULT_RETENTION);
    }

    /**
     * @param workers a bounded pool shared by all streams; each stream runs sequentially on it, a task per turn
     * @param authenticator decides what each new stream proves, before it holds any state
     * @param clusterRetention how long a cluster that left a dataplane's configuration stays in its streams' CDS
     *                         (see {@link ClusterHandover})
     */
    public AdsService(SnapshotSource source, Executor workers, AdsEvents events, Clock clock, StreamRegistry registry,
            AdsLimits limits, DataplaneAuthenticator authenticator, Duration clusterRetention) {
        this.clusterRetention = clusterRetention;
        this.limits = limits;
        this.authenticator = authenticator;
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
            AdsStream stream = open(responses,
                    context -> new AdsStream(context, (ServerCallStreamObserver<DiscoveryResponse>) responses));
            if (stream == null) {
                return ignored();
            }
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
            DeltaAdsStream stream = open(responses,
                    context -> new DeltaAdsStream(context, (ServerCallStreamObserver<DeltaDiscoveryResponse>) responses));
            if (stream == null) {
                return ignored();
            }
            return new RequestObserver<>(stream) {
                @Override
                public void onNext(DeltaDiscoveryRequest request) {
                    stream.onRequest(request, request.hasNode() ? request.getNode() : null, request.getTypeUrl());
                }
            };
        }
    }

    /**
     * Opens a stream for the new call, on its gRPC thread (whose context carries what the client presented):
     * null, and the call ended with the reason, when it proves no dataplane or is over a limit. Nothing about a
     * refused call is kept.
     */
    private <S extends AdsStreamBase<?, ?, ?>> S open(StreamObserver<?> responses, Function<StreamContext, S> create) {
        DataplaneAuthenticator.Decision decision = authenticator.authenticateCurrentCall(source.current(), clock.instant());
        if (decision.refusal() != null) {
            refuse(responses, decision.refusal());
            return null;
        }
        S stream = create.apply(nextStream(decision.identity()));
        Status limited = registry.admit(stream, limits);
        if (limited != null) {
            refuse(responses, limited);
            return null;
        }
        stream.start(() -> registry.remove(stream));
        return stream;
    }

    private void refuse(StreamObserver<?> responses, Status status) {
        LOG.debug("ADS call refused, {}: {}", status.getCode(), status.getDescription());
        events.refused(status.getCode());
        responses.onError(status.asRuntimeException());
    }

    /** What a refused call's requests go to: nowhere. */
    private static <Q> StreamObserver<Q> ignored() {
        return new StreamObserver<>() {
            @Override
            public void onNext(Q value) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    private StreamContext nextStream(StreamIdentity identity) {
        return new StreamContext(streamIds.incrementAndGet(), new StreamExecutor(workers), source, events, clock,
                identity, limits, clusterRetention);
    }

    /**
     * Checks every stream's binding again without a configuration change, so a credential whose rotation
     * overlap has ended ends its streams; a stream with nothing new to send sends nothing.
     */
    public void recheckStreams() {
        registry.streams().forEach(AdsStreamBase::onSnapshotChanged);
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
