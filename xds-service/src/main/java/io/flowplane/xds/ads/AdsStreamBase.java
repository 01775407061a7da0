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
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What state-of-the-world and delta ADS streams share: lifecycle, node binding and status. Requests
 * and snapshot pushes run on a per-stream sequential executor, so the (not thread-safe) response
 * observer only ever sees one sender; the lock only guards against status readers.
 */
abstract class AdsStreamBase<R> {
    protected static final Logger LOG = LoggerFactory.getLogger(AdsStreamBase.class);

    private final long id;
    private final Instant connectedSince;
    private final StreamObserver<R> responses;
    private final Executor serial;
    protected final SnapshotSource source;
    protected final AdsEvents events;
    protected final Clock clock;
    private final CertificateIdentity identity;
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    protected volatile boolean closed;
    private volatile String boundDataplaneId;
    protected Node node;
    protected NodeBinding binding;
    private long lastNonce;

    AdsStreamBase(long id, StreamObserver<R> responses, Executor serial, SnapshotSource source, AdsEvents events,
            Clock clock, CertificateIdentity identity) {
        this.id = id;
        this.responses = responses;
        this.serial = serial;
        this.source = source;
        this.events = events;
        this.clock = clock;
        this.identity = identity;
        this.connectedSince = clock.instant();
    }

    long id() {
        return id;
    }

    /** The bound dataplane, or null; readable from any thread. */
    String boundDataplaneId() {
        return closed ? null : boundDataplaneId;
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

    /** Per-type status, ordered for display. */
    protected abstract Map<String, TypeStatus> typeStatuses();

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

    protected static int order(String typeUrl) {
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
