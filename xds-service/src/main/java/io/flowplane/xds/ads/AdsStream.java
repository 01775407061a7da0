package io.flowplane.xds.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.flowplane.xds.binding.NodeBinder;
import io.flowplane.xds.binding.NodeBinding;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.ResourceSelection;
import io.flowplane.xds.snapshot.ResourceSet;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.snapshot.VersionedResource;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One state-of-the-world ADS stream. Requests and snapshot pushes run on a per-stream sequential
 * executor, so the (not thread-safe) response observer only ever sees one sender; the lock only
 * guards against status readers.
 */
final class AdsStream {
    private static final Logger LOG = LoggerFactory.getLogger(AdsStream.class);

    private final long id;
    private final Instant connectedSince;
    private final StreamObserver<DiscoveryResponse> responses;
    private final Executor serial;
    private final SnapshotSource source;
    private final AdsEvents events;
    private final Clock clock;
    private final Map<String, TypeState> types = new LinkedHashMap<>();
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile String boundDataplaneId;
    private Node node;
    private NodeBinding binding;
    private long lastNonce;
    /** Envoy keeps an updated cluster warming until it gets an EDS response, even an unchanged one. */
    private boolean endpointsOwed;

    AdsStream(long id, StreamObserver<DiscoveryResponse> responses, Executor serial, SnapshotSource source,
            AdsEvents events, Clock clock) {
        this.id = id;
        this.responses = responses;
        this.serial = serial;
        this.source = source;
        this.events = events;
        this.clock = clock;
        this.connectedSince = clock.instant();
    }

    long id() {
        return id;
    }

    /** The bound dataplane, or null; readable from any thread. */
    String boundDataplaneId() {
        return closed ? null : boundDataplaneId;
    }

    void onRequest(DiscoveryRequest request) {
        run(() -> handle(request));
    }

    /** Coalesces: a stream that is behind handles only the newest snapshot. */
    void onSnapshotChanged() {
        if (pushScheduled.compareAndSet(false, true)) {
            run(() -> {
                pushScheduled.set(false);
                push();
            });
        }
    }

    void closed() {
        closed = true;
    }

    void completeFromClient() {
        run(() -> {
            if (!closed) {
                closed = true;
                quietly(responses::onCompleted);
            }
        });
    }

    void terminate(Status status) {
        run(() -> {
            if (!closed) {
                closed = true;
                quietly(() -> responses.onError(status.asRuntimeException()));
            }
        });
    }

    private void run(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("stream {}: executor shut down, dropping work", id);
        }
    }

    private synchronized void handle(DiscoveryRequest request) {
        if (closed) {
            return;
        }
        if (node == null && request.hasNode()) {
            node = request.getNode();
            source.current().ifPresent(this::rebind);
        }
        String typeUrl = request.getTypeUrl();
        if (typeUrl.isEmpty()) {
            LOG.debug("stream {}: request without type_url ignored", id);
            return;
        }
        TypeState state = types.computeIfAbsent(typeUrl, TypeState::new);
        String nonce = request.getResponseNonce();
        if (state.isStale(nonce)) {
            LOG.debug("stream {}: stale {} request (nonce {}) ignored", id, TypeUrls.shortName(typeUrl), nonce);
            return;
        }
        boolean nack = !nonce.isEmpty() && request.hasErrorDetail();
        if (nonce.isEmpty()) {
            state.initialRequest(request.getVersionInfo());
        } else if (nack) {
            state.nack(request.getErrorDetail().getMessage(), clock.instant());
            events.nacked(typeUrl);
            LOG.warn("node {} (dataplane {}) rejected {} version {}: {}", nodeId(), boundDataplaneId,
                    TypeUrls.shortName(typeUrl), state.lastSentVersion(), request.getErrorDetail().getMessage());
        } else {
            state.ack();
        }
        boolean force = !nack && TypeUrls.ENDPOINT.equals(typeUrl) && endpointsOwed;
        state.subscribe(request.getResourceNamesList());
        Optional<FleetSnapshot> snapshot = source.current();
        if (snapshot.isPresent()) {
            respond(state, snapshot.get(), force);
        }
    }

    private synchronized void push() {
        Optional<FleetSnapshot> snapshot = source.current();
        if (closed || snapshot.isEmpty()) {
            return;
        }
        rebind(snapshot.get());
        for (String typeUrl : TypeUrls.PUSH_ORDER) {
            TypeState state = types.get(typeUrl);
            if (state != null) {
                respond(state, snapshot.get(), false);
            }
        }
        for (TypeState state : types.values()) {
            if (!TypeUrls.PUSH_ORDER.contains(state.typeUrl)) {
                respond(state, snapshot.get(), false);
            }
        }
    }

    private void rebind(FleetSnapshot snapshot) {
        if (node == null) {
            return;
        }
        NodeBinding next = NodeBinder.bind(node, snapshot);
        if (!next.equals(binding)) {
            if (next.isBound()) {
                LOG.info("node {} (cluster {}) bound to dataplane {}", nodeId(), node.getCluster(), next.dataplaneId());
            } else {
                LOG.warn("node {} (cluster {}) is unbound: {}", nodeId(), node.getCluster(), next.unboundReason());
            }
        }
        binding = next;
        boundDataplaneId = next.dataplaneId();
    }

    private void respond(TypeState state, FleetSnapshot snapshot, boolean force) {
        if (closed || binding == null || !binding.isBound()) {
            return;
        }
        ResourceSet available = snapshot.forDataplane(binding.dataplaneId()).resources(state.typeUrl);
        ResourceSelection selection = state.isWildcard() ? available.all() : available.select(state.names());
        if (!state.isWildcard() && selection.isEmpty()) {
            return; // remembered: answered once one of the names exists
        }
        String version = selection.version();
        if ((!force && version.equals(state.versionOnClient())) || state.wasRejected(version)) {
            return;
        }
        String nonce = Long.toString(++lastNonce);
        DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder()
                .setTypeUrl(state.typeUrl)
                .setVersionInfo(version)
                .setNonce(nonce);
        for (VersionedResource resource : selection.resources()) {
            response.addResources(resource.resource());
        }
        try {
            responses.onNext(response.build());
        } catch (RuntimeException e) {
            closed = true;
            LOG.debug("stream {}: send failed, closing", id, e);
            return;
        }
        state.sent(version, nonce);
        events.pushed(state.typeUrl);
        if (TypeUrls.CLUSTER.equals(state.typeUrl)) {
            endpointsOwed = true;
        } else if (TypeUrls.ENDPOINT.equals(state.typeUrl)) {
            endpointsOwed = false;
        }
    }

    private String nodeId() {
        return node == null ? null : node.getId();
    }

    synchronized StreamStatus status() {
        Map<String, TypeStatus> typeStatus = new LinkedHashMap<>();
        List<TypeState> ordered = new ArrayList<>(types.values());
        ordered.sort((a, b) -> Integer.compare(order(a.typeUrl), order(b.typeUrl)));
        for (TypeState state : ordered) {
            typeStatus.put(TypeUrls.shortName(state.typeUrl), state.status());
        }
        String unboundReason;
        if (binding != null) {
            unboundReason = binding.unboundReason();
        } else {
            unboundReason = node == null ? "no node received yet" : "no configuration loaded yet";
        }
        return new StreamStatus(id, nodeId(), node == null ? null : node.getCluster(),
                binding == null ? null : binding.dataplaneId(), binding != null && binding.isBound(),
                unboundReason, connectedSince, typeStatus);
    }

    private static int order(String typeUrl) {
        int index = TypeUrls.PUSH_ORDER.indexOf(typeUrl);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.debug("ignoring failure on a finished stream", e);
        }
    }

    @Override
    public String toString() {
        return "AdsStream[" + id + ", node " + Objects.toString(nodeId(), "?") + "]";
    }
}
