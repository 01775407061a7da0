package io.flowplane.bench.xds;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.binding.NodeBinder;
import io.flowplane.xds.snapshot.TypeUrls;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Simulated Envoys: state-of-the-world ADS streams that behave like Envoy's ADS client. Each stream
 * subscribes to LDS and CDS (wildcard), then to RDS and EDS by the names those carry; it sends the node
 * (with {@code flowplane_dataplane_id} metadata) on every request, ACKs every response with its version
 * and nonce, and re-subscribes to EDS/RDS only when the names change. Streams are spread over
 * channels (TCP connections), {@code streamsPerChannel} each.
 */
final class AdsClients implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final Function<String, String> credentialOf;
    private final String target;
    private final int streamsPerChannel;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<SimStream> streams = new ArrayList<>();
    private final ExecutorService executor;
    final AtomicInteger synced = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicLong responses = new AtomicLong();
    private volatile ChangeTracker change;
    private volatile NackProbe nack;

    /** @param credentialOf a dataplane's credential, sent as {@code authorization: Bearer ...}; null sends none */
    AdsClients(int port, int streamsPerChannel, int threads, Function<String, String> credentialOf) {
        this.credentialOf = credentialOf;
        this.target = "127.0.0.1:" + port;
        this.streamsPerChannel = streamsPerChannel;
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ads-client");
            t.setDaemon(true);
            return t;
        });
    }

    int size() {
        return streams.size();
    }

    /** Opens {@code count} more streams; stream i binds to dataplane {@code dataplaneOf(i)}. */
    void open(int count, IntFunction<String> dataplaneOf, String nodePrefix) {
        for (int n = 0; n < count; n++) {
            int index = streams.size();
            if (index / streamsPerChannel >= channels.size()) {
                channels.add(NettyChannelBuilder.forTarget(target)
                        .usePlaintext()
                        .executor(executor)
                        .maxInboundMessageSize(64 << 20)
                        .build());
            }
            ManagedChannel channel = channels.get(index / streamsPerChannel);
            String dataplaneId = dataplaneOf.apply(index);
            SimStream stream = new SimStream(index, node(nodePrefix + index, dataplaneId));
            streams.add(stream);
            AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub = AggregatedDiscoveryServiceGrpc.newStub(channel);
            String credential = credentialOf.apply(dataplaneId);
            if (credential != null) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + credential);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            stub.streamAggregatedResources(stream);
            stream.subscribe();
        }
    }

    private static Node node(String id, String dataplaneId) {
        return Node.newBuilder()
                .setId(id)
                .setCluster("bench-sim")
                .setMetadata(Struct.newBuilder().putFields(NodeBinder.DATAPLANE_ID_METADATA,
                        Value.newBuilder().setStringValue(dataplaneId).build()))
                .build();
    }

    /** Starts tracking the change carrying {@code marker}: every stream stamps its ACK of it. */
    ChangeTracker track(int marker) {
        ChangeTracker tracker = new ChangeTracker(marker, streams.size());
        change = tracker;
        return tracker;
    }

    /** Makes stream 0 NACK every EDS response of the first version carrying {@code marker}. */
    NackProbe armNack(int marker, long windowMillis) {
        NackProbe probe = new NackProbe(marker, windowMillis);
        nack = probe;
        return probe;
    }

    @Override
    public void close() {
        for (SimStream s : streams) {
            s.cancel();
        }
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor.shutdownNow();
    }

    /** ACK stamps of one change: wall-clock µs at which each stream sent the ACK carrying it, 0 until then. */
    static final class ChangeTracker {
        final int marker;
        final long[] ackMicros;
        final AtomicInteger acked = new AtomicInteger();

        ChangeTracker(int marker, int streams) {
            this.marker = marker;
            this.ackMicros = new long[streams];
        }
    }

    /** The NACK case: counts what the server sends after stream 0 rejects a version. */
    static final class NackProbe {
        final int marker;
        final long windowNanos;
        volatile String rejectedVersion;
        volatile long firstNackNanos;
        final AtomicInteger nacksSent = new AtomicInteger();
        /** EDS responses received within the window after the first NACK, any version / the rejected one. */
        final AtomicInteger edsInWindow = new AtomicInteger();
        final AtomicInteger rejectedInWindow = new AtomicInteger();
        final AtomicInteger edsAfterWindow = new AtomicInteger();
        volatile boolean done;

        NackProbe(int marker, long windowMillis) {
            this.marker = marker;
            this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
        }
    }

    private static final class TypeState {
        String acceptedVersion = "";
        String lastNonce = "";
        List<String> names = List.of();
        boolean acked;
    }

    private final class SimStream implements ClientResponseObserver<DiscoveryRequest, DiscoveryResponse> {
        private final int index;
        private final Node node;
        private ClientCallStreamObserver<DiscoveryRequest> out;
        private final TypeState lds = new TypeState();
        private final TypeState rds = new TypeState();
        private final TypeState cds = new TypeState();
        private final TypeState eds = new TypeState();
        private boolean rdsSubscribed;
        private boolean edsSubscribed;
        private boolean isSynced;
        private volatile boolean cancelled;

        SimStream(int index, Node node) {
            this.index = index;
            this.node = node;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<DiscoveryRequest> requestStream) {
            this.out = requestStream;
        }

        /** Envoy's first requests: CDS and LDS, wildcard. */
        void subscribe() {
            send(TypeUrls.CLUSTER, cds, null);
            send(TypeUrls.LISTENER, lds, null);
        }

        void cancel() {
            cancelled = true;
            synchronized (this) {
                if (out != null) {
                    try {
                        out.cancel("benchmark done", null);
                    } catch (RuntimeException ignored) {
                        // already closed
                    }
                }
            }
        }

        private synchronized void send(String typeUrl, TypeState state, String error) {
            if (cancelled) {
                return;
            }
            DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
                    .setNode(node)
                    .setTypeUrl(typeUrl)
                    .setVersionInfo(state.acceptedVersion)
                    .setResponseNonce(state.lastNonce)
                    .addAllResourceNames(state.names);
            if (error != null) {
                request.setErrorDetail(Status.newBuilder().setCode(3).setMessage(error));
            }
            out.onNext(request.build());
        }

        @Override
        public void onNext(DiscoveryResponse response) {
            responses.incrementAndGet();
            if (cancelled) {
                return;
            }
            try {
                switch (response.getTypeUrl()) {
                    case TypeUrls.CLUSTER -> onClusters(response);
                    case TypeUrls.ENDPOINT -> onEndpoints(response);
                    case TypeUrls.LISTENER -> onListeners(response);
                    case TypeUrls.ROUTE -> ack(TypeUrls.ROUTE, rds, response);
                    default -> { }
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        private void ack(String typeUrl, TypeState state, DiscoveryResponse response) {
            state.acceptedVersion = response.getVersionInfo();
            state.lastNonce = response.getNonce();
            send(typeUrl, state, null);
            if (!state.acked) {
                state.acked = true;
                checkSynced();
            }
        }

        private void onClusters(DiscoveryResponse response) throws InvalidProtocolBufferException {
            TreeSet<String> edsNames = new TreeSet<>();
            for (var any : response.getResourcesList()) {
                Cluster c = any.unpack(Cluster.class);
                if (c.getType() == Cluster.DiscoveryType.EDS) {
                    edsNames.add(c.getName());
                }
            }
            ack(TypeUrls.CLUSTER, cds, response);
            List<String> names = List.copyOf(edsNames);
            if (!edsSubscribed || !names.equals(eds.names)) {
                edsSubscribed = true;
                eds.names = names;
                send(TypeUrls.ENDPOINT, eds, null);
            }
        }

        private void onListeners(DiscoveryResponse response) throws InvalidProtocolBufferException {
            TreeSet<String> routeNames = new TreeSet<>();
            for (var any : response.getResourcesList()) {
                Listener l = any.unpack(Listener.class);
                for (FilterChain chain : l.getFilterChainsList()) {
                    for (Filter f : chain.getFiltersList()) {
                        if (f.getTypedConfig().getTypeUrl().endsWith("HttpConnectionManager")) {
                            HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
                            if (hcm.hasRds()) {
                                routeNames.add(hcm.getRds().getRouteConfigName());
                            }
                        }
                    }
                }
            }
            ack(TypeUrls.LISTENER, lds, response);
            List<String> names = List.copyOf(routeNames);
            if (!rdsSubscribed || !names.equals(rds.names)) {
                rdsSubscribed = true;
                rds.names = names;
                send(TypeUrls.ROUTE, rds, null);
            }
        }

        private void onEndpoints(DiscoveryResponse response) throws InvalidProtocolBufferException {
            int marker = -1;
            for (var any : response.getResourcesList()) {
                ClusterLoadAssignment cla = any.unpack(ClusterLoadAssignment.class);
                if (Fleet.SHARED.equals(cla.getClusterName()) && cla.getEndpointsCount() > 0
                        && cla.getEndpoints(0).getLbEndpointsCount() > 0) {
                    marker = cla.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress()
                            .getPortValue() - Fleet.MARKER_PORT_BASE;
                }
            }
            NackProbe probe = nack;
            if (probe != null && index == 0 && onProbe(probe, response, marker)) {
                return;
            }
            ack(TypeUrls.ENDPOINT, eds, response);
            ChangeTracker tracker = change;
            if (tracker != null && marker == tracker.marker && index < tracker.ackMicros.length
                    && tracker.ackMicros[index] == 0) {
                tracker.ackMicros[index] = Clocks.nowMicros();
                tracker.acked.incrementAndGet();
            }
        }

        /** True when the probe handled (NACKed or dropped) the response. */
        private boolean onProbe(NackProbe probe, DiscoveryResponse response, int marker) {
            long now = System.nanoTime();
            if (probe.rejectedVersion == null) {
                if (marker != probe.marker) {
                    return false;
                }
                probe.rejectedVersion = response.getVersionInfo();
                probe.firstNackNanos = now;
            } else {
                boolean inWindow = now - probe.firstNackNanos <= probe.windowNanos;
                if (inWindow) {
                    probe.edsInWindow.incrementAndGet();
                    if (response.getVersionInfo().equals(probe.rejectedVersion)) {
                        probe.rejectedInWindow.incrementAndGet();
                    }
                } else {
                    probe.edsAfterWindow.incrementAndGet();
                    probe.done = true;
                    return true; // stop answering: the window is over
                }
            }
            if (!response.getVersionInfo().equals(probe.rejectedVersion)) {
                return false;
            }
            // NACK: version_info stays the last accepted version; the nonce answers this response.
            eds.lastNonce = response.getNonce();
            send(TypeUrls.ENDPOINT, eds, "benchmark: endpoints of version " + response.getVersionInfo() + " rejected");
            probe.nacksSent.incrementAndGet();
            return true;
        }

        private void checkSynced() {
            if (!isSynced && lds.acked && rds.acked && cds.acked && eds.acked) {
                isSynced = true;
                synced.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!cancelled) {
                failed.incrementAndGet();
            }
        }

        @Override
        public void onCompleted() {
            if (!cancelled) {
                failed.incrementAndGet();
            }
        }
    }
}
