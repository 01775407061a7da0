package io.flowplane.workflows.testing;

import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.ClusterTopologyActivities;
import io.flowplane.workflows.activity.ConfigSnapshot;
import io.flowplane.workflows.activity.ConnectedNodes;
import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.FenceResult;
import io.flowplane.workflows.activity.HealthExpectation;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.PostgresActivities;
import io.flowplane.workflows.activity.PromotionResult;
import io.flowplane.workflows.activity.RegionalTopology;
import io.flowplane.workflows.activity.ReplayResult;
import io.flowplane.workflows.activity.StreamingReplicas;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory cluster "main": members east (primary) and west (streaming replica), control planes
 * http://api (api-service) and http://xds (xds-service), both on east. It records every activity call,
 * and its control planes only report healthy when the workflow asked for something true.
 */
public final class FakeCluster implements ClusterTopologyActivities, PostgresActivities, ControlPlaneActivities {
    public static final String CLUSTER = "main";
    public static final String API = "http://api";
    public static final String XDS = "http://xds";
    public static final String FINAL_LSN = "0/3000100";

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Map<String, MemberStatus> members = new ConcurrentHashMap<>();
    public final Map<String, ControlPlaneStatus> controlPlanes = new ConcurrentHashMap<>();
    /**
     * Control plane → failure type of its next switch. "SwitchFailed" fails after the switch took effect
     * (an answer lost on the way back); the other types fail before anything switched.
     */
    public final Map<String, String> switchFailures = new ConcurrentHashMap<>();
    /** Control planes whose every switch fails before switching, the way back included. */
    public final Set<String> switchAlwaysFails = ConcurrentHashMap.newKeySet();
    /** Control planes that never come back healthy. */
    public final Set<String> neverHealthy = ConcurrentHashMap.newKeySet();
    public volatile boolean promoteFails;
    public volatile boolean promoteFailsAfterPromoting;
    public volatile long revisionOnWest = 42;
    /** Control plane -> node ids of the Envoys streaming from it. */
    public final Map<String, List<String>> nodes = new ConcurrentHashMap<>();
    /** Control plane -> the URL name it reads from after a move (the clusters file's reads:). */
    public final Map<String, String> reads = new ConcurrentHashMap<>();
    /** The cluster's control planes, in the order the topology lists them. */
    public final List<String> controlPlaneUrls = new CopyOnWriteArrayList<>(List.of(API, XDS));
    /** The cluster's members, in the order the topology lists them. */
    public final List<String> memberNames = new CopyOnWriteArrayList<>(List.of("east", "west"));
    public volatile RegionalTopology regions = RegionalTopology.NONE;
    /** Replica -> the member it was told to stream from. */
    public final Map<String, String> follows = new ConcurrentHashMap<>();
    /** Member -> the synchronous standbys it was told to wait for. */
    public final Map<String, List<String>> synchronousStandbys = new ConcurrentHashMap<>();
    /** Replicas that never stream from the member they were told to follow (WAL it never had). */
    public final Set<String> neverStreams = ConcurrentHashMap.newKeySet();
    /** Where the Envoys of a restarted (drained) control plane reconnect, as DNS would send them; null: back to it. */
    public volatile String reconnectTo;

    public FakeCluster() {
        members.put("east", primary("east"));
        members.put("west", replica("west"));
        controlPlanes.put(API, controlPlane(API, "api-service", "east:5432/flowplane", 1));
        controlPlanes.put(XDS, controlPlane(XDS, "xds-service", "east:5432/flowplane", 1));
    }

    /** One more member, listed after the others. */
    public void addMember(MemberStatus status) {
        members.put(status.member(), status);
        memberNames.add(status.member());
    }

    /** One more xds-service on east, listed after the others. */
    public void addXdsControlPlane(String baseUrl) {
        controlPlanes.put(baseUrl, controlPlane(baseUrl, "xds-service", "east:5432/flowplane", 1));
        controlPlaneUrls.add(baseUrl);
    }

    public void loseEast() {
        members.put("east", MemberStatus.unreachable("east", "east:5432/flowplane", "connection refused"));
        controlPlanes.replaceAll((url, s) -> withHealth(s, false));
    }

    /** The control plane stops answering, as when it is lost together with the primary's region. */
    public void loseControlPlane(String baseUrl) {
        controlPlanes.put(baseUrl, ControlPlaneStatus.unreachable(baseUrl, "connection refused"));
    }

    public long count(String callPrefix) {
        return calls.stream().filter(c -> c.startsWith(callPrefix)).count();
    }

    // ---- ClusterTopologyActivities

    @Override
    public ClusterTopology describeCluster(String cluster) {
        calls.add("topology.describeCluster " + cluster);
        requireCluster(cluster);
        return new ClusterTopology(cluster, List.copyOf(memberNames), List.copyOf(controlPlaneUrls), Map.copyOf(reads), regions);
    }

    @Override
    public String describeUrl(String cluster, String urlName) {
        calls.add("topology.describeUrl " + urlName);
        return urlName + ":5432/flowplane";
    }

    @Override
    public String urlNameFor(String cluster, String database) {
        calls.add("topology.urlNameFor " + database);
        return database.substring(0, database.indexOf(':'));
    }

    // ---- PostgresActivities

    @Override
    public MemberStatus describeMember(String cluster, String member) {
        calls.add("postgres.describeMember " + member);
        return members.get(member);
    }

    @Override
    public FenceResult fence(String cluster, String member) {
        calls.add("postgres.fence " + member);
        return new FenceResult(member, false, 3);
    }

    @Override
    public void unfence(String cluster, String member) {
        calls.add("postgres.unfence " + member);
    }

    @Override
    public String finalWalLsn(String cluster, String member) {
        calls.add("postgres.finalWalLsn " + member);
        return FINAL_LSN;
    }

    @Override
    public ReplayResult awaitReplay(String cluster, String member, String lsn, int timeoutSeconds) {
        calls.add("postgres.awaitReplay " + member + " " + lsn);
        return new ReplayResult(member, lsn, lsn, lsn);
    }

    @Override
    public PromotionResult promote(String cluster, String member) {
        calls.add("postgres.promote " + member);
        if (promoteFailsAfterPromoting) {
            members.put(member, primary(member));
        }
        if (promoteFails || promoteFailsAfterPromoting) {
            throw ApplicationFailure.newNonRetryableFailure("pg_promote failed", "PromotionFailed");
        }
        boolean wasReplica = members.get(member).inRecovery();
        members.put(member, primary(member));
        return new PromotionResult(member, wasReplica, false, wasReplica ? "promoted " + member : "already primary");
    }

    @Override
    public MemberStatus verifyPrimary(String cluster, String member) {
        calls.add("postgres.verifyPrimary " + member);
        MemberStatus status = members.get(member);
        if (status.inRecovery()) {
            throw ApplicationFailure.newNonRetryableFailure(member + " still in recovery", "StillInRecovery");
        }
        return status;
    }

    @Override
    public ConfigSnapshot snapshot(String cluster, String member) {
        calls.add("postgres.snapshot " + member);
        long revision = member.equals("west") ? revisionOnWest : 42;
        return new ConfigSnapshot(member, revision, Map.of("teams", 2L, "listeners", 5L));
    }

    @Override
    public String setSynchronousStandbys(String cluster, String member, List<String> standbys) {
        calls.add("postgres.setSynchronousStandbys " + member + " " + standbys);
        synchronousStandbys.put(member, List.copyOf(standbys));
        return standbys.isEmpty() ? "" : "FIRST 1 (" + String.join(", ", standbys) + ")";
    }

    @Override
    public void followPrimary(String cluster, String member, String primary) {
        calls.add("postgres.followPrimary " + member + " " + primary);
        if (!members.get(member).inRecovery()) {
            throw ApplicationFailure.newNonRetryableFailure(member + " is out of recovery", "NotReplica");
        }
        follows.put(member, primary);
    }

    @Override
    public StreamingReplicas awaitStreaming(String cluster, String primary, List<String> replicas, int timeoutSeconds) {
        calls.add("postgres.awaitStreaming " + primary + " " + replicas);
        Map<String, String> states = new java.util.LinkedHashMap<>();
        replicas.stream().filter(r -> primary.equals(follows.get(r)) && !neverStreams.contains(r)).forEach(r -> states.put(r, "async"));
        return new StreamingReplicas(primary, 2L, states, replicas.stream().filter(r -> !states.containsKey(r)).toList());
    }

    // ---- ControlPlaneActivities

    @Override
    public ControlPlaneStatus status(String baseUrl) {
        calls.add("cp.status " + baseUrl);
        return controlPlanes.get(baseUrl);
    }

    @Override
    public ControlPlaneStatus switchDatabase(String baseUrl, String cluster, String urlName) {
        calls.add("cp.switchDatabase " + baseUrl + " " + urlName);
        if (switchAlwaysFails.contains(baseUrl)) {
            throw ApplicationFailure.newNonRetryableFailure(baseUrl + " cannot switch to " + urlName, "SwitchFailed");
        }
        String failure = switchFailures.remove(baseUrl);
        if (failure != null && !failure.equals("SwitchFailed")) {
            throw ApplicationFailure.newNonRetryableFailure(baseUrl + " cannot switch", failure);
        }
        ControlPlaneStatus s = controlPlanes.get(baseUrl);
        ControlPlaneStatus switched = new ControlPlaneStatus(baseUrl, true, null, s.service(), urlName + ":5432/flowplane",
                false, true, 42, s.generation(), false, s.connectedDataplanes(), s.dataplanesInSync());
        controlPlanes.put(baseUrl, switched);
        if (failure != null) {
            throw ApplicationFailure.newNonRetryableFailure(baseUrl + " switched but its answer was lost", failure);
        }
        return switched;
    }

    /** xds-service reads (and reports) the read URL; api-service writes to one and reads from the other. */
    @Override
    public ControlPlaneStatus switchDatabases(String baseUrl, String cluster, String urlName, String readUrlName) {
        calls.add("cp.switchDatabases " + baseUrl + " " + urlName + " reads " + readUrlName);
        ControlPlaneStatus s = controlPlanes.get(baseUrl);
        boolean xds = s.servesDataplanes();
        ControlPlaneStatus switched = new ControlPlaneStatus(baseUrl, true, null, s.service(),
                (xds ? readUrlName : urlName) + ":5432/flowplane", xds, true, 42, s.generation(), false, s.connectedDataplanes(),
                s.dataplanesInSync(), readUrlName + ":5432/flowplane");
        controlPlanes.put(baseUrl, switched);
        return switched;
    }

    @Override
    public ControlPlaneStatus restart(String baseUrl, long generationBefore, int drainSeconds) {
        calls.add("cp.restart " + baseUrl + " " + generationBefore);
        ControlPlaneStatus s = controlPlanes.get(baseUrl);
        ControlPlaneStatus restarted = new ControlPlaneStatus(baseUrl, true, null, s.service(), s.database(), s.readOnly(),
                !neverHealthy.contains(baseUrl), s.configRevision(), generationBefore + 1, false, s.connectedDataplanes(), true,
                s.readDatabase());
        controlPlanes.put(baseUrl, restarted);
        String to = reconnectTo;
        if (to != null && !to.equals(baseUrl) && nodes.containsKey(baseUrl)) {
            List<String> moved = new java.util.ArrayList<>(nodes.getOrDefault(to, List.of()));
            moved.addAll(nodes.remove(baseUrl));
            nodes.put(to, List.copyOf(moved));
        }
        return restarted;
    }

    @Override
    public ControlPlaneStatus awaitHealthy(String baseUrl, HealthExpectation expectation) {
        calls.add("cp.awaitHealthy " + baseUrl);
        ControlPlaneStatus s = controlPlanes.get(baseUrl);
        if (!expectation.isMetBy(s)) {
            throw ApplicationFailure.newNonRetryableFailure("not as expected: " + s.summary() + " vs " + expectation, "NotHealthy");
        }
        return s;
    }

    @Override
    public ConnectedNodes connectedNodes(String baseUrl) {
        calls.add("cp.connectedNodes " + baseUrl);
        ControlPlaneStatus s = controlPlanes.get(baseUrl);
        if (s == null || !s.reachable()) {
            return new ConnectedNodes(baseUrl, false, "connection refused", List.of(), List.of());
        }
        return new ConnectedNodes(baseUrl, true, null, nodes.getOrDefault(baseUrl, List.of()), List.of());
    }

    @Override
    public ConnectedNodes awaitConnected(String baseUrl, List<String> expected, int timeoutSeconds) {
        calls.add("cp.awaitConnected " + baseUrl + " " + expected);
        List<String> now = nodes.getOrDefault(baseUrl, List.of());
        return new ConnectedNodes(baseUrl, true, null, now, expected.stream().filter(n -> !now.contains(n)).toList());
    }

    // ---- helpers

    private static void requireCluster(String cluster) {
        if (!CLUSTER.equals(cluster)) {
            throw ApplicationFailure.newNonRetryableFailure("no cluster " + cluster, "UnknownCluster");
        }
    }

    public static MemberStatus primary(String member) {
        return new MemberStatus(member, member + ":5432/flowplane", true, null, false, "7001", 150004, "15.4", 1L,
                "0/3000000", null, null, false, null, null, null, false, 42L);
    }

    public static MemberStatus replica(String member) {
        return new MemberStatus(member, member + ":5432/flowplane", true, null, true, "7001", 150004, "15.4", 1L,
                null, "0/2FFFF00", "0/2FFFF00", false, 0.0, 1.5, "streaming", false, 42L);
    }

    private static ControlPlaneStatus controlPlane(String url, String service, String database, long generation) {
        return new ControlPlaneStatus(url, true, null, service, database, false, true, 42, generation, false,
                service.equals("xds-service") ? 3 : 0, true);
    }

    private static ControlPlaneStatus withHealth(ControlPlaneStatus s, boolean healthy) {
        return new ControlPlaneStatus(s.baseUrl(), true, null, s.service(), s.database(), s.readOnly(), healthy,
                s.configRevision(), s.generation(), false, s.connectedDataplanes(), s.dataplanesInSync());
    }
}
