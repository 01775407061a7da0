package io.flowplane.workflows.dns;

import io.flowplane.workflows.activity.ClusterTopology;
import io.flowplane.workflows.activity.ConnectedNodes;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.DnsChange;
import io.flowplane.workflows.activity.DnsRecord;
import io.flowplane.workflows.operation.Runbook;
import io.flowplane.workflows.operation.StepCalls;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class ControlPlaneDnsWorkflowImpl implements ControlPlaneDnsWorkflow {
    static final String PREFLIGHT = "preflight";
    static final String RECORD_NODES = "record-connected-dataplanes";
    static final String UPSERT = "upsert-record";
    static final String AWAIT_IN_SYNC = "await-insync";
    static final String WAIT_TTL = "wait-record-ttl";
    static final String DRAIN_OLD = "drain-old-control-plane";
    static final String VERIFY = "verify-reconnected";
    static final List<String> STEPS = List.of(PREFLIGHT, RECORD_NODES, UPSERT, AWAIT_IN_SYNC, WAIT_TTL, DRAIN_OLD, VERIFY);
    private static final int IN_SYNC_TIMEOUT_SECONDS = 600;

    private final Runbook runbook = new Runbook(KIND);
    private final StepCalls calls = new StepCalls(runbook);
    private DnsFailoverRequest request;

    @Override
    public DnsFailoverResult repoint(DnsFailoverRequest request) {
        this.request = validate(request);
        runbook.plan(STEPS);
        return runbook.operate(request.cluster(), this::run, result -> false);
    }

    @Override
    public List<StepProgress> progress() {
        return runbook.progress();
    }

    private DnsFailoverResult run() {
        // 1. The new control plane serves the current configuration; the record exists, and where it points now.
        DnsRecord before = runbook.run(PREFLIGHT, this::preflight, DnsRecord::summary);
        String from = before.controlPlane();
        // 2. Which Envoys must come over: those streaming from the old control plane, if it answers.
        ConnectedNodes expected = runbook.run(RECORD_NODES, () -> from == null
                ? new ConnectedNodes(null, false, "the record points at no control plane of the cluster", List.of(), List.of())
                : calls.controlPlanes(RECORD_NODES, from).connectedNodes(from), ControlPlaneDnsWorkflowImpl::describe);
        // 3. UPSERT the record, same type and TTL.
        DnsChange change = runbook.run(UPSERT, () -> calls.dns(UPSERT, request.to()).pointAt(request.cluster(), request.to()),
                DnsChange::detail);
        // 4. Route 53 has the change everywhere.
        runbook.run(AWAIT_IN_SYNC, () -> calls.dns(AWAIT_IN_SYNC, change.changeId())
                .awaitInSync(request.cluster(), change.changeId(), IN_SYNC_TIMEOUT_SECONDS), DnsChange::status);
        // 5. Resolvers may serve the old value for one TTL.
        runbook.run(WAIT_TTL, () -> Workflow.sleep(Duration.ofSeconds(change.changedByThisCall() ? before.ttlSeconds() : 0)),
                "waited " + before.ttlSeconds() + " s");
        // 6. The old control plane drains its streams; its Envoys reconnect and resolve the record again.
        drainOld(from, expected);
        // 7. They stream from the new one, within a bound; the ones that do not are named.
        ConnectedNodes reached = runbook.run(VERIFY, () -> calls.controlPlanes(VERIFY, request.to())
                .awaitConnected(request.to(), expected.nodes(), request.effectiveReconnectTimeoutSeconds()), this::verdict);
        DnsRecord after = calls.dns(VERIFY, request.cluster()).describeRecord(request.cluster());
        return new DnsFailoverResult(request.cluster(), from, request.to(), before, after, expected.nodes(), reached.nodes(),
                reached.missing(), after.name() + " points at " + request.to() + "; " + verdict(reached), runbook.progress());
    }

    private DnsRecord preflight() {
        ClusterTopology cluster = calls.topology(PREFLIGHT, request.cluster()).describeCluster(request.cluster());
        if (!cluster.controlPlanes().contains(request.to())) {
            throw ApplicationFailure.newNonRetryableFailure(request.to() + " is not a control plane of " + request.cluster()
                    + "; control planes: " + cluster.controlPlanes(), "UnknownControlPlane");
        }
        List<String> problems = new ArrayList<>();
        long newest = -1;
        ControlPlaneStatus target = null;
        for (String url : cluster.controlPlanes()) {
            ControlPlaneStatus status = calls.controlPlanes(PREFLIGHT, url).status(url);
            if (status.reachable()) {
                newest = Math.max(newest, status.configRevision());
            }
            if (url.equals(request.to())) {
                target = status;
            }
        }
        if (!target.reachable() || !target.healthy() || target.restarting()) {
            problems.add(request.to() + " is not healthy: " + target.summary());
        } else if (!target.servesDataplanes()) {
            problems.add(request.to() + " serves no xDS (" + target.service() + "); Envoys cannot stream from it");
        } else if (target.configRevision() < newest) {
            problems.add(request.to() + " serves revision " + target.configRevision() + ", older than " + newest + " elsewhere");
        }
        DnsRecord record = calls.dns(PREFLIGHT, request.cluster()).describeRecord(request.cluster());
        if (!problems.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("preflight: " + String.join("; ", problems), "PreflightFailed");
        }
        return record;
    }

    private void drainOld(String from, ConnectedNodes expected) {
        if (from == null || from.equals(request.to()) || !expected.reachable()) {
            runbook.skip(DRAIN_OLD, from == null || from.equals(request.to()) ? "no other control plane to drain"
                    : from + " does not answer; its Envoys reconnect by themselves, to the new value");
            return;
        }
        runbook.run(DRAIN_OLD, () -> {
            ControlPlaneStatus now = calls.controlPlanes(DRAIN_OLD, from).status(from);
            return calls.controlPlanes(DRAIN_OLD, from).restart(from, now.generation(), request.drainSeconds());
        }, status -> from + " drained its streams");
    }

    private String verdict(ConnectedNodes reached) {
        return reached.missing().isEmpty()
                ? reached.nodes().size() + " dataplanes stream from " + request.to()
                : reached.missing().size() + " did not reconnect to " + request.to() + ": " + reached.missing();
    }

    private static String describe(ConnectedNodes nodes) {
        return nodes.reachable() ? nodes.nodes().size() + " dataplanes on " + nodes.baseUrl() + ": " + nodes.nodes()
                : "not known: " + nodes.error();
    }

    private static DnsFailoverRequest validate(DnsFailoverRequest request) {
        if (request == null || request.cluster() == null || request.cluster().isBlank() || request.to() == null || request.to().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("cluster and to are required", "InvalidRequest");
        }
        if (request.drainSeconds() < 0 || request.reconnectTimeoutSeconds() < 0) {
            throw ApplicationFailure.newNonRetryableFailure("durations must not be negative", "InvalidRequest");
        }
        return request;
    }
}
