package io.flowplane.bench.xds;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.flowplane.core.db.DatabaseUrl;
import io.flowplane.core.db.Databases;
import io.flowplane.core.model.Dataplane;
import io.flowplane.core.model.DetailedFleet;
import io.flowplane.core.store.RevisionStore;
import io.flowplane.xds.binding.NodeBinder;
import io.flowplane.xds.snapshot.DataplaneSnapshot;
import io.flowplane.xds.snapshot.FleetSnapshot;
import io.flowplane.xds.snapshot.SnapshotBuilder;
import io.flowplane.xds.snapshot.TypeUrls;
import io.flowplane.xds.snapshot.VersionedResource;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The baseline: envoyproxy java-control-plane 1.0.49, used the normal way. A {@link V3DiscoveryServer}
 * over a {@code SimpleCache<String>} whose node group is the {@code flowplane_dataplane_id} node
 * metadata; one snapshot per dataplane, built with Flowplane's own {@link SnapshotBuilder} from the
 * same database, so the resources are the ones Flowplane serves; versions from a counter.
 *
 * <p>A small loopback HTTP control port lets the harness trigger a change and read ACK times:
 * {@code POST /reload} reads the fleet, builds it, then calls {@code setSnapshot} for every dataplane
 * with the next counter version; the clock starts right before the first {@code setSnapshot} call.
 * {@code GET /acks?version=N} lists, per stream, the time from that moment to the stream's first EDS
 * ACK of version N, taken in {@code onV3StreamRequest}.
 *
 * <p>Arguments: {@code <database url> <xds port> <control port>}.
 */
public final class JcpServerMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleCache<String> cache = new SimpleCache<>(new DataplaneGroup());
    private final RevisionStore store;
    private final SnapshotBuilder builder = new SnapshotBuilder();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private volatile String trackedVersion = "";
    private volatile long trackedStartNanos;
    private final Map<Long, Long> ackNanos = new ConcurrentHashMap<>();

    private JcpServerMain(RevisionStore store) {
        this.store = store;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JcpServerMain <database url> <xds port> <control port>");
            System.exit(2);
        }
        HikariDataSource dataSource = Databases.pool(DatabaseUrl.parse(args[0]), "jcp-bench", 2);
        JcpServerMain main = new JcpServerMain(new RevisionStore(Jdbi.create(dataSource)));
        main.reload(); // the first snapshot, before any Envoy can connect

        V3DiscoveryServer discovery = new V3DiscoveryServer(main.callbacks(), main.cache);
        // Same transport settings as Flowplane's AdsGrpcServer.
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])))
                .addService(discovery.getAggregatedDiscoveryServiceImpl())
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build()
                .start();

        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])), 16);
        control.setExecutor(Executors.newSingleThreadExecutor());
        control.createContext("/ready", ex -> reply(ex, JSON.createObjectNode().put("ready", true)));
        control.createContext("/streams", ex -> reply(ex, JSON.createObjectNode()
                .put("open", main.openStreams.get()).put("requests", main.requests.get())));
        control.createContext("/reload", ex -> {
            try {
                reply(ex, main.reload());
            } catch (RuntimeException e) {
                ex.sendResponseHeaders(500, -1);
                ex.close();
            }
        });
        control.createContext("/acks", ex -> reply(ex, main.acks(ex.getRequestURI().getQuery())));
        control.start();
        System.out.println("java-control-plane ADS on 127.0.0.1:" + args[1] + ", control on 127.0.0.1:" + args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            server.shutdownNow();
            dataSource.close();
        }));
        server.awaitTermination();
    }

    /** Reads and builds the fleet, then sets every dataplane's snapshot to the next counter version. */
    private synchronized ObjectNode reload() {
        DetailedFleet fleet = store.loadDetailedFleet();
        FleetSnapshot built = builder.build(fleet, Instant.now());
        String version = Long.toString(versions.incrementAndGet());
        List<Map.Entry<String, Snapshot>> snapshots = new ArrayList<>();
        for (Dataplane dp : fleet.config().dataplanes()) {
            snapshots.add(Map.entry(dp.id(), snapshot(built.forDataplane(dp.id()), version)));
        }
        ackNanos.clear();
        trackedVersion = version;
        long startUs = Clocks.nowMicros();
        long start = System.nanoTime();
        trackedStartNanos = start;
        for (Map.Entry<String, Snapshot> entry : snapshots) {
            cache.setSnapshot(entry.getKey(), entry.getValue());
        }
        long setNanos = System.nanoTime() - start;
        return JSON.createObjectNode()
                .put("version", version)
                .put("commit_us", startUs)
                .put("set_snapshot_us", setNanos / 1000)
                .put("revision", fleet.config().revision());
    }

    private ObjectNode acks(String query) {
        String version = query != null && query.startsWith("version=") ? query.substring("version=".length()) : "";
        ObjectNode out = JSON.createObjectNode().put("version", version);
        ArrayNode list = out.putArray("acks");
        if (version.equals(trackedVersion)) {
            long start = trackedStartNanos;
            ackNanos.forEach((stream, at) -> list.addObject().put("stream", stream).put("latency_us", (at - start) / 1000));
        }
        return out;
    }

    private DiscoveryServerCallbacks callbacks() {
        return new DiscoveryServerCallbacks() {
            @Override
            public void onStreamOpen(long streamId, String typeUrl) {
                openStreams.incrementAndGet();
            }

            @Override
            public void onStreamClose(long streamId, String typeUrl) {
                openStreams.decrementAndGet();
            }

            @Override
            public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
                openStreams.decrementAndGet();
            }

            @Override
            public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
                requests.incrementAndGet();
                // An ACK: answers a response (nonce set), no error, and names the tracked version.
                if (TypeUrls.ENDPOINT.equals(request.getTypeUrl()) && !request.hasErrorDetail()
                        && !request.getResponseNonce().isEmpty() && request.getVersionInfo().equals(trackedVersion)) {
                    ackNanos.putIfAbsent(streamId, System.nanoTime());
                }
            }

            @Override
            public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {}
        };
    }

    private static Snapshot snapshot(DataplaneSnapshot dp, String version) {
        return Snapshot.create(
                unpack(dp, TypeUrls.CLUSTER, Cluster.class),
                unpack(dp, TypeUrls.ENDPOINT, ClusterLoadAssignment.class),
                unpack(dp, TypeUrls.LISTENER, Listener.class),
                unpack(dp, TypeUrls.ROUTE, RouteConfiguration.class),
                List.of(),
                version);
    }

    private static <T extends com.google.protobuf.Message> List<T> unpack(DataplaneSnapshot dp, String typeUrl,
            Class<T> type) {
        List<T> out = new ArrayList<>();
        for (VersionedResource r : dp.resources(typeUrl).all().resources()) {
            try {
                Any any = r.resource();
                out.add(any.unpack(type));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static void reply(HttpExchange ex, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Node group: the dataplane id from node metadata, as Flowplane's bootstraps carry it. */
    private static final class DataplaneGroup implements NodeGroup<String> {
        @Override
        public String hash(Node node) {
            Value id = node.getMetadata().getFieldsMap().get(NodeBinder.DATAPLANE_ID_METADATA);
            return id == null ? "" : id.getStringValue();
        }
    }
}
