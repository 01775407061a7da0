package io.flowplane.xds.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.flowplane.core.text.Untrusted;
import io.flowplane.xds.binding.NodeBinding;
import io.flowplane.xds.binding.StreamIdentity;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.source.SnapshotSource;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What state-of-the-world and delta ADS streams share: lifecycle, request checks, node binding, flow
 * control, per-type state and status. Requests and snapshot pushes run on a per-stream sequential executor,
 * so the (not thread-safe) response observer only ever sees one sender; the lock only guards against
 * status readers.
 *
 * <p>Flow control: the next request is read only after the previous one was handled and while the client
 * reads what it is sent; a push waits for the same. A client that floods requests or never reads therefore
 * makes the server hold at most one request and the responses to one unit of work for it.
 *
 * @param <Q> the request message
 * @param <R> the response message
 * @param <S> the protocol state of one resource type
 */
abstract class AdsStreamBase<Q, R, S extends ResourceTypeState> {
    protected static final Logger LOG = LoggerFactory.getLogger(AdsStreamBase.class);

    /** Other xDS types a client asks for are not answered; each is logged once, up to this many per stream. */
    private static final int LOGGED_UNSERVED_TYPES = 8;
    /** Client-chosen text (node ids, clusters, type URLs) in log lines is cut to this many characters. */
    protected static final int LOGGED_LENGTH = 100;

    private final long id;
    private final Instant connectedSince;
    private final ServerCallStreamObserver<R> responses;
    private final StreamExecutor serial;
    protected final AdsLimits limits;
    protected final SnapshotSource source;
    protected final AdsEvents events;
    protected final Clock clock;
    private final StreamIdentity identity;
    private final Function<String, S> newTypeState;
    /** By type URL, in the order the client first asked for them. */
    protected final Map<String, S> types = new LinkedHashMap<>();
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    private final Set<String> loggedUnservedTypes = new HashSet<>();
    private volatile Runnable onFinished = () -> {};
    protected volatile boolean closed;
    private volatile String boundDataplaneId;
    /** Only the node's id, cluster and metadata: what binding and status read. */
    protected Node node;
    protected NodeBinding binding;
    private long lastNonce;
    /** Set while the next request waits for the client to read; the push likewise. */
    private boolean readDeferred;
    private boolean pushDeferred;
    /** The revision of the newest snapshot change handled; guarded by this. */
    private Long handledRevision;

    AdsStreamBase(StreamContext context, ServerCallStreamObserver<R> responses, Function<String, S> newTypeState) {
        this.id = context.id();
        this.serial = context.serial();
        this.limits = context.limits();
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
     * Takes over the call's flow control and reads the first request. Called on the gRPC thread that opened
     * the call; {@code onFinished} runs once the stream has ended, however it ended.
     */
    void start(Runnable onFinished) {
        this.onFinished = onFinished;
        responses.disableAutoRequest();
        responses.setOnCancelHandler(this::finish);
        responses.setOnCloseHandler(this::finish);
        responses.setOnReadyHandler(() -> run(this::onReady));
        responses.request(1);
    }

    /**
     * Handles a request on the stream's executor: refuses it (ending the stream) if it is malformed or over a
     * limit, notes its node, answers it if its type is served, then reads the next one. The node and type URL
     * are the request's own (the protocols' messages share no type); the node is null when absent.
     */
    void onRequest(Q request, Node requestNode, String typeUrl) {
        run(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                Status refusal = noteNode(requestNode);
                if (closed) {
                    return;
                }
                if (refusal == null) {
                    refusal = refusal(request);
                }
                if (refusal != null) {
                    refuse(refusal);
                    return;
                }
                if (RequestCheck.SERVED_TYPES.contains(typeUrl)) {
                    handle(request, types.computeIfAbsent(typeUrl, newTypeState));
                } else {
                    noteUnservedType(typeUrl);
                }
            }
            readNextWhenReady();
        });
    }

    /** Why the request is refused, or null; see {@link RequestCheck}. */
    protected abstract Status refusal(Q request);

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
                pushWhenReady();
            });
        }
    }

    private void pushWhenReady() {
        if (closed) {
            return;
        }
        if (!responses.isReady()) {
            pushDeferred = true;
            return;
        }
        pushDeferred = false;
        synchronized (this) {
            Optional<FleetSnapshot> snapshot = source.current();
            if (!closed && snapshot.isPresent() && rebind(snapshot.get())) {
                push(snapshot.get());
                handledRevision = snapshot.get().revision();
            }
        }
    }

    private void readNextWhenReady() {
        if (closed) {
            return;
        }
        if (responses.isReady()) {
            responses.request(1);
        } else {
            readDeferred = true;
        }
    }

    /** The client has read enough of what it was sent: resume reading and pushing. */
    private void onReady() {
        if (closed || !responses.isReady()) {
            return;
        }
        if (readDeferred) {
            readDeferred = false;
            responses.request(1);
        }
        if (pushDeferred) {
            pushWhenReady();
        }
    }

    /** Sends what changed in {@code snapshot}; called with the stream bound (or not) to it. */
    protected abstract void push(FleetSnapshot snapshot);

    /** Whether the client acknowledged, for every type it was sent, what {@code snapshot} holds for it. */
    protected abstract boolean typesInSync(FleetSnapshot snapshot, String dataplaneId);

    protected abstract String protocol();

    void completeFromClient() {
        run(() -> {
            if (!closed) {
                closed = true;
                quietly(responses::onCompleted);
            }
            finish();
        });
    }

    void terminate(Status status) {
        run(() -> end(status));
    }

    /** Ends the stream because of what the client sent; the status says what. */
    protected void refuse(Status status) {
        LOG.warn("{}: refused, {}: {}", this, status.getCode(), status.getDescription());
        events.refused(status.getCode());
        end(status);
    }

    private void end(Status status) {
        if (!closed) {
            closed = true;
            quietly(() -> responses.onError(status.asRuntimeException()));
        }
        finish();
    }

    /** The stream is over (ended by either side): nothing more is done for it. Idempotent. */
    void finish() {
        closed = true;
        onFinished.run();
    }

    /** The most work the stream's executor has had queued at once. */
    int mostQueuedTasks() {
        return serial.mostQueued();
    }

    long tasksRun() {
        return serial.tasksRun();
    }

    /** Nothing queued or running on the stream's executor. */
    boolean idle() {
        return serial.idle();
    }

    /** Runs on the stream's executor; a failure ends the stream with INTERNAL rather than leaving it stuck. */
    protected void run(Runnable task) {
        try {
            serial.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("{}: failed, ending the stream", this, e);
                    end(Status.INTERNAL.withDescription("internal error in the control plane ("
                            + e.getClass().getSimpleName() + "); see its log"));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("stream {}: executor shut down, dropping work", id);
        }
    }

    /**
     * Records the node of the stream's first request, which must carry one, and binds it. Later requests
     * may repeat it (Envoy can send it on every request) but not change it. Returns why the request is
     * refused, or null.
     */
    private Status noteNode(Node requestNode) {
        if (node == null) {
            Status refusal = RequestCheck.firstNode(requestNode);
            if (refusal == null) {
                node = identityOf(requestNode);
                source.current().ifPresent(this::rebind);
            }
            return refusal;
        }
        if (requestNode == null || requestNode.equals(Node.getDefaultInstance())) {
            return null;
        }
        Node identity = identityOf(requestNode);
        if (identity.equals(node)) {
            return null;
        }
        return Status.INVALID_ARGUMENT.withDescription("node changed on this stream: it was id "
                + RequestCheck.quote(node.getId()) + " cluster " + RequestCheck.quote(node.getCluster()) + ", now id "
                + RequestCheck.quote(identity.getId()) + " cluster " + RequestCheck.quote(identity.getCluster())
                + (identity.getMetadata().equals(node.getMetadata()) ? "" : " with other metadata")
                + "; a node opens a stream of its own");
    }

    private static Node identityOf(Node node) {
        return Node.newBuilder().setId(node.getId()).setCluster(node.getCluster()).setMetadata(node.getMetadata())
                .build();
    }

    private void noteUnservedType(String typeUrl) {
        if (loggedUnservedTypes.size() < LOGGED_UNSERVED_TYPES && loggedUnservedTypes.add(typeUrl)) {
            LOG.info("{}: asks for {}, which Flowplane does not serve; not answered", this,
                    Untrusted.quote(typeUrl, LOGGED_LENGTH));
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
            LOG.debug("stream {}: send failed, closing", id, e);
            finish();
            return false;
        }
    }

    /**
     * Binds the node within what the stream proved, in {@code snapshot}; false when that ends the stream (its
     * credential was revoked or expired, or its node claims a dataplane it did not prove).
     */
    protected boolean rebind(FleetSnapshot snapshot) {
        if (node == null) {
            return true;
        }
        StreamIdentity.Resolution resolution = identity.resolve(node, snapshot, clock.instant());
        if (resolution.refusal() != null) {
            refuse(resolution.refusal());
            return false;
        }
        NodeBinding next = resolution.binding();
        if (!next.equals(binding)) {
            if (next.isBound()) {
                LOG.info("node {} (cluster {}) bound to dataplane {} by {}", loggedNodeId(), loggedCluster(),
                        next.dataplaneId(), identity.describe());
            } else {
                LOG.warn("node {} (cluster {}) is unbound: {}", loggedNodeId(), loggedCluster(), next.unboundReason());
            }
        }
        binding = next;
        boundDataplaneId = next.dataplaneId();
        return true;
    }

    /**
     * Whether the stream has what {@code snapshot} holds for its dataplane. Only streams that proved a
     * dataplane are waited for: unbound, unauthenticated and closed streams, and streams without a node yet,
     * count as in sync, so a stream nobody vouches for cannot stall a restart or a failover.
     */
    synchronized boolean inSync(FleetSnapshot snapshot) {
        if (closed || node == null || !identity.authenticated()) {
            return true;
        }
        StreamIdentity.Resolution current = identity.resolve(node, snapshot, clock.instant());
        return current.refusal() != null || !current.binding().isBound()
                || typesInSync(snapshot, current.binding().dataplaneId());
    }

    /** The dataplane a credential proves, known from the stream's start; null for other proofs. */
    String credentialDataplaneId() {
        return identity.credentialDataplaneId();
    }

    protected String nodeId() {
        return node == null ? null : node.getId();
    }

    /** The node id as a log line may carry it: escaped and cut. */
    protected String loggedNodeId() {
        return node == null ? "?" : Untrusted.quote(node.getId(), LOGGED_LENGTH);
    }

    private String loggedCluster() {
        return node == null ? "?" : Untrusted.quote(node.getCluster(), LOGGED_LENGTH);
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
                unboundReason, identity.describe(), connectedSince, protocol(), handledRevision, typeStatuses());
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
        return getClass().getSimpleName() + "[" + id + ", node " + loggedNodeId() + "]";
    }
}
