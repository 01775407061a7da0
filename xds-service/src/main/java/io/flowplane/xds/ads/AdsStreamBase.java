package io.flowplane.xds.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.flowplane.xds.binding.CertificateIdentity;
import io.flowplane.xds.binding.NodeBinder;
import io.flowplane.xds.binding.NodeBinding;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What state-of-the-world and delta ADS streams share: lifecycle, node binding, per-type state and
 * status. Requests and snapshot pushes run on a per-stream sequential executor, so the (not
 * thread-safe) response observer only ever sees one sender; the lock only guards against status readers.
 *
 * @param <Q> the request message
 * @param <R> the response message
 * @param <S> the protocol state of one resource type
 */
abstract class AdsStreamBase<Q, R, S extends ResourceTypeState> {
    protected static final Logger LOG = LoggerFactory.getLogger(AdsStreamBase.class);

    private final long id;
    private final Instant connectedSince;
    private final StreamObserver<R> responses;
    private final Executor serial;
    protected final SnapshotSource source;
    protected final AdsEvents events;
    protected final Clock clock;
    private final CertificateIdentity identity;
    private final Function<String, S> newTypeState;
    /** By type URL, in the order the client first asked for them. */
    protected final Map<String, S> types = new LinkedHashMap<>();
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    protected volatile boolean closed;
    private volatile String boundDataplaneId;
    protected Node node;
    protected NodeBinding binding;
    private long lastNonce;

    AdsStreamBase(StreamContext context, StreamObserver<R> responses, Function<String, S> newTypeState) {
        this.id = context.id();
        this.serial = context.serial();
        this.source = context.source();
        this.events = context.events();
        this.clock = context.clock();
        this.identity = context.identity();
        this.responses = responses;
        this.newTypeState = newTypeState;
        this.connectedSince = clock.instant();
    }

    long id() {
        return id;
    }

    /** The bound dataplane, or null; readable from any thread. */
    String boundDataplaneId() {
        return closed ? null : boundDataplaneId;
    }

    /**
     * Handles a request on the stream's executor, after noting its node. Dropped on a closed stream or
     * without a type URL. The node and type URL are the request's own (the protocols' messages share no type).
     */
    void onRequest(Q request, Node requestNode, String typeUrl) {
        run(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                noteNode(requestNode);
                if (typeUrl.isEmpty()) {
                    LOG.debug("{}: request without type_url ignored", this);
                    return;
                }
                handle(request, types.computeIfAbsent(typeUrl, newTypeState));
            }
        });
    }

    /** One request for the type of {@code state}; runs on the stream's executor, holding the stream's lock. */
    protected abstract void handle(Q request, S state);

    /** For an ACK that completes a change-driven response ({@code committedAt} set): its commit-to-ACK time. */
    protected void observeSync(String typeUrl, Instant committedAt, Instant ackedAt) {
        if (committedAt != null) {
            events.synced(typeUrl, Duration.between(committedAt, ackedAt));
        }
    }

    /** Coalesces: a stream that is behind handles only the newest snapshot. */
    void onSnapshotChanged() {
        if (pushScheduled.compareAndSet(false, true)) {
            run(() -> {
                pushScheduled.set(false);
                synchronized (this) {
                    Optional<FleetSnapshot> snapshot = source.current();
                    if (!closed && snapshot.isPresent()) {
                        rebind(snapshot.get());
                        push(snapshot.get());
                    }
                }
            });
        }
    }

    /** Sends what changed in {@code snapshot}; called with the stream bound (or not) to it. */
    protected abstract void push(FleetSnapshot snapshot);

    /** Whether the client acknowledged, for every type it was sent, what {@code snapshot} holds for it. */
    protected abstract boolean typesInSync(FleetSnapshot snapshot, String dataplaneId);

    protected abstract String protocol();

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

    protected void run(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("stream {}: executor shut down, dropping work", id);
        }
    }

    /** Records the node of the first request that carries one, and binds it. */
    protected void noteNode(Node requestNode) {
        if (node == null && requestNode != null && !requestNode.equals(Node.getDefaultInstance())) {
            node = requestNode;
            source.current().ifPresent(this::rebind);
        }
    }

    protected boolean isBound() {
        return !closed && binding != null && binding.isBound();
    }

    protected String nextNonce() {
        return Long.toString(++lastNonce);
    }

    /** Sends one response; false (and the stream closed) when the transport refused it. */
    protected boolean send(R response) {
        try {
            responses.onNext(response);
            return true;
        } catch (RuntimeException e) {
            closed = true;
            LOG.debug("stream {}: send failed, closing", id, e);
            return false;
        }
    }

    protected void rebind(FleetSnapshot snapshot) {
        if (node == null) {
            return;
        }
        NodeBinding next = bindingFor(snapshot);
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

    private NodeBinding bindingFor(FleetSnapshot snapshot) {
        return identity.restrict(NodeBinder.bind(node, snapshot));
    }

    /** Unbound and closed streams, and streams without a node yet, count as in sync: nothing is owed to them. */
    synchronized boolean inSync(FleetSnapshot snapshot) {
        if (closed || node == null) {
            return true;
        }
        NodeBinding current = bindingFor(snapshot);
        return !current.isBound() || typesInSync(snapshot, current.dataplaneId());
    }

    protected String nodeId() {
        return node == null ? null : node.getId();
    }

    synchronized StreamStatus status() {
        String unboundReason;
        if (binding != null) {
            unboundReason = binding.unboundReason();
        } else {
            unboundReason = node == null ? "no node received yet" : "no configuration loaded yet";
        }
        return new StreamStatus(id, nodeId(), node == null ? null : node.getCluster(),
                binding == null ? null : binding.dataplaneId(), binding != null && binding.isBound(),
                unboundReason, connectedSince, protocol(), typeStatuses());
    }

    /** Per-type status by short type name, in push order. */
    private Map<String, TypeStatus> typeStatuses() {
        List<TypeStatus> ordered = new ArrayList<>();
        types.values().forEach(state -> ordered.add(state.status()));
        ordered.sort(Comparator.comparingInt(status -> order(status.typeUrl())));
        Map<String, TypeStatus> byName = new LinkedHashMap<>();
        ordered.forEach(status -> byName.put(TypeUrls.shortName(status.typeUrl()), status));
        return byName;
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
        return getClass().getSimpleName() + "[" + id + ", node " + Objects.toString(nodeId(), "?") + "]";
    }
}
