package io.flowplane.xds.ads;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.xds.binding.CallIdentityInterceptor;
import io.flowplane.xds.binding.DataplaneAuthenticator;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.source.SnapshotHolder;
import io.flowplane.xds.testing.AdsClient;
import io.flowplane.xds.testing.DeltaClient;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** An ADS server on an in-process transport, fed snapshots by the test instead of a database. */
final class AdsHarness implements AutoCloseable {
    final SnapshotHolder snapshots = new SnapshotHolder();
    final StreamRegistry registry = new StreamRegistry();
    final CountingEvents events = new CountingEvents();
    private final SnapshotBuilder builder = new SnapshotBuilder();
    private final ExecutorService workers = Executors.newFixedThreadPool(3);
    private final Server server;
    final AdsService ads;
    private final ManagedChannel channel;
    private final List<AdsClient> clients = new ArrayList<>();
    private final List<DeltaClient> deltaClients = new ArrayList<>();

    AdsHarness() throws IOException {
        this(AdsLimits.DEFAULT);
    }

    AdsHarness(AdsLimits limits) throws IOException {
        this(limits, new DataplaneAuthenticator(true));
    }

    /** With the application's interceptor, so calls present credentials as headers, as over the network. */
    AdsHarness(AdsLimits limits, DataplaneAuthenticator authenticator) throws IOException {
        String name = InProcessServerBuilder.generateName();
        ads = new AdsService(snapshots, workers, events, Clock.systemUTC(), registry, limits, authenticator,
                ClusterHandover.DEFAULT_RETENTION);
        server = InProcessServerBuilder.forName(name)
                .addService(ServerInterceptors.intercept(ads, new CallIdentityInterceptor()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    void publish(DetailedFleet fleet) {
        snapshots.publish(builder.build(fleet, Instant.now()));
    }

    void publish(DetailedFleet fleet, Instant committedAt) {
        snapshots.publish(builder.build(fleet, Instant.now()).withCommittedAt(committedAt));
    }

    boolean inSync() {
        return registry.dataplanesInSync(snapshots.current().orElseThrow());
    }

    ManagedChannel channel() {
        return channel;
    }

    AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub() {
        return AggregatedDiscoveryServiceGrpc.newStub(channel);
    }

    DeltaClient connectDelta(Node node) {
        DeltaClient client = DeltaClient.connect(AggregatedDiscoveryServiceGrpc.newStub(channel), node);
        deltaClients.add(client);
        return client;
    }

    AdsClient connect(Node node) {
        AdsClient client = AdsClient.connect(AggregatedDiscoveryServiceGrpc.newStub(channel), node);
        clients.add(client);
        return client;
    }

    /** A stream whose call carries {@code authorization}, as a bootstrap's initial_metadata sends it. */
    AdsClient connect(Node node, String authorization) {
        AdsClient client = AdsClient.connect(AdsClient.withAuthorization(stub(), authorization), node);
        clients.add(client);
        return client;
    }

    DeltaClient connectDelta(Node node, String authorization) {
        DeltaClient client = DeltaClient.connect(AdsClient.withAuthorization(stub(), authorization), node);
        deltaClients.add(client);
        return client;
    }

    /**
     * The newest stream of this node, once {@code condition} holds for it. Requests on a stream are
     * handled in order, so a status that shows a later request handled shows every earlier one handled.
     */
    StreamStatus awaitStream(String nodeId, Predicate<StreamStatus> condition) throws InterruptedException {
        return awaitStream(s -> nodeId.equals(s.nodeId()) && s.streamId() == newestStreamOf(nodeId) && condition.test(s));
    }

    /**
     * What the newest stream of this node has sent, per short type name, once it has handled the
     * configuration change to {@code revision}: absence of a push shown by the server's own count,
     * not by waiting for nothing to arrive.
     */
    Map<String, Long> sentOnceHandled(String nodeId, long revision) throws InterruptedException {
        return sent(awaitStream(nodeId, s -> s.handledRevision() != null && s.handledRevision() >= revision));
    }

    static Map<String, Long> sent(StreamStatus status) {
        Map<String, Long> sent = new TreeMap<>();
        status.types().forEach((type, typeStatus) -> sent.put(type, typeStatus.responsesSent()));
        return sent;
    }

    private long newestStreamOf(String nodeId) {
        return registry.statuses().stream().filter(s -> nodeId.equals(s.nodeId()))
                .mapToLong(StreamStatus::streamId).max().orElse(-1);
    }

    /** Waits until some stream's status matches, e.g. after a request that gets no response. */
    StreamStatus awaitStream(Predicate<StreamStatus> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (StreamStatus status : registry.statuses()) {
                if (condition.test(status)) {
                    return status;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no stream reached the expected state; streams: " + registry.statuses());
    }

    @Override
    public void close() throws InterruptedException {
        clients.forEach(AdsClient::close);
        deltaClients.forEach(DeltaClient::close);
        channel.shutdownNow();
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdownNow();
    }

    static final class CountingEvents implements AdsEvents {
        final Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> nacks = new ConcurrentHashMap<>();
        final List<Duration> synced = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<io.grpc.Status.Code, Integer> refused = new ConcurrentHashMap<>();
        /** Makes the next push report fail, as a bug in the server would. */
        volatile boolean failNextPush;

        @Override
        public void synced(String typeUrl, Duration sinceCommit) {
            synced.add(sinceCommit);
        }

        @Override
        public void pushed(String typeUrl) {
            if (failNextPush) {
                failNextPush = false;
                throw new IllegalStateException("injected failure");
            }
            pushes.computeIfAbsent(typeUrl, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void refused(io.grpc.Status.Code code) {
            refused.merge(code, 1, Integer::sum);
        }

        @Override
        public void nacked(String typeUrl) {
            nacks.computeIfAbsent(typeUrl, k -> new AtomicInteger()).incrementAndGet();
        }

        int nacks(String typeUrl) {
            AtomicInteger count = nacks.get(typeUrl);
            return count == null ? 0 : count.get();
        }
    }
}
