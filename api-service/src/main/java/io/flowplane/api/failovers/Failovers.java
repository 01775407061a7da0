package io.flowplane.api.failovers;

import io.flowplane.api.errors.ApiException;
import io.flowplane.api.errors.Echo;
import io.flowplane.api.operations.WorkflowRuns;
import io.flowplane.workflows.aurora.AuroraFailoverWorkflow;
import io.flowplane.workflows.aurora.AuroraResult;
import io.flowplane.workflows.aurora.AuroraSwitchoverWorkflow;
import io.flowplane.workflows.controlplane.RollingRestartResult;
import io.flowplane.workflows.dns.ControlPlaneDnsWorkflow;
import io.flowplane.workflows.dns.DnsFailoverResult;
import io.flowplane.workflows.controlplane.RotationResult;
import io.flowplane.workflows.failover.FailoverResult;
import io.flowplane.workflows.failover.PostgresFailoverWorkflow;
import io.flowplane.workflows.operation.OperationIds;
import io.flowplane.workflows.operation.OperationResult;
import io.flowplane.workflows.operation.OperationSearchAttributes;
import io.flowplane.workflows.operation.OperatorActions;
import io.flowplane.workflows.operation.StepProgress;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.common.SearchAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Starts, reads, signals and lists database operations on Temporal. */
public class Failovers {
    private static final Pattern FILTER_VALUE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Map<String, String> STATUS_FILTER = Map.of(
            "running", "Running", "completed", "Completed", "failed", "Failed",
            "canceled", "Canceled", "terminated", "Terminated", "timed_out", "TimedOut");

    private static final int UPDATE_WAIT_SECONDS = 10;

    private final WorkflowClient client;
    private final ExecutorService updates = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "failover-update");
        thread.setDaemon(true);
        return thread;
    });
    private final String taskQueue;
    private final String uiUrl;

    public Failovers(WorkflowClient client, String taskQueue, String uiUrl) {
        this.client = client;
        this.taskQueue = taskQueue;
        this.uiUrl = uiUrl;
    }

    /** Starts the operation; a dry run waits for its plan and returns it. */
    FailoverView start(FailoverSpec spec) {
        String id = spec.dryRun()
                ? OperationIds.forCluster(spec.target()) + "-dry-run-" + UUID.randomUUID().toString().substring(0, 8)
                : OperationIds.forCluster(spec.target());
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(OperationSearchAttributes.KIND, spec.kind())
                        .set(OperationSearchAttributes.TARGET, spec.target())
                        .build())
                .setStaticSummary(spec.summary())
                .build();
        WorkflowStub stub = client.newUntypedWorkflowStub(spec.workflowType(), options);
        try {
            stub.start(spec.input());
        } catch (WorkflowExecutionAlreadyStarted e) {
            throw new ApiException(409, "operation_running", "operation " + id + " is already running on cluster "
                    + spec.target() + "; wait for it, or abort it with POST /api/v1/failovers/" + id + "/abort", null);
        }
        if (spec.dryRun()) {
            OperationResult plan;
            try {
                plan = (OperationResult) stub.getResult(60, TimeUnit.SECONDS, resultType(spec.kind()));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new ApiException(504, "dry_run_timeout", "dry run " + id + " gave no plan within 60 s; is a worker running on task queue "
                        + taskQueue + "?", null);
            } catch (WorkflowFailedException e) {
                throw new ApiException(422, "dry_run_failed", "dry run " + id + " failed: " + WorkflowRuns.rootFailure(stub), null);
            }
            return new FailoverView(id, stub.getExecution().getRunId(), spec.kind(), spec.target(), "COMPLETED", null, null,
                    plan.steps(), null, plan, null, uiLink(id));
        }
        return new FailoverView(id, stub.getExecution().getRunId(), spec.kind(), spec.target(), "RUNNING", Instant.now(), null,
                null, null, null, null, uiLink(id));
    }

    Optional<FailoverView> find(String id) {
        WorkflowStub stub = client.newUntypedWorkflowStub(id);
        WorkflowExecutionDescription description;
        try {
            description = stub.describe();
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        }
        String kind = kindOf(description.getWorkflowType());
        if (kind == null || !description.getTaskQueue().equals(taskQueue)) {
            return Optional.empty();
        }
        WorkflowExecutionStatus status = description.getStatus();
        Object result = null;
        String failure = null;
        List<StepProgress> steps = null;
        String stepsUnavailable = null;
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            result = stub.getResult(resultType(kind));
        } else if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
            failure = WorkflowRuns.rootFailure(stub);
        }
        try {
            steps = progress(stub);
        } catch (Exception e) {
            stepsUnavailable = "no worker answered the progress query within 5 s";
        }
        return Optional.of(new FailoverView(id, description.getExecution().getRunId(), kind, targetOf(description), WorkflowRuns.shortStatus(status),
                description.getStartTime(), description.getCloseTime(), steps, stepsUnavailable, result, failure, uiLink(id)));
    }

    /** The run's answer; 409 when it refuses (nothing awaits approval, already approved), 503 when no worker answers. */
    String approve(String id, String approver) {
        return update(id, FailoverSpec.APPROVABLE, "an approval", run -> run.approve(approver));
    }

    /** As {@link #approve}, overriding the max_lag_bytes rule; 409 when the run breaks no rule. PostgreSQL failovers only. */
    String approveOverridingMaxLag(String id, String approver) {
        return update(id, Set.of(PostgresFailoverWorkflow.KIND), "an approval overriding max_lag_bytes", PostgresFailoverWorkflow.class,
                run -> run.approveOverridingMaxLag(approver));
    }

    /** The run's answer; 409 when it refuses (its point of no return is passed), 503 when no worker answers. */
    String abort(String id, String reason) {
        return update(id, FailoverSpec.ABORTABLE, "an abort", run -> run.requestAbort(reason));
    }

    /**
     * Sends a Temporal update through the interface every failover extends, so renaming a method cannot leave
     * the API sending the old name. A worker's validator answers before anything is written to history.
     */
    private String update(String id, Set<String> kinds, String what, Function<OperatorActions, String> call) {
        return update(id, kinds, what, OperatorActions.class, call);
    }

    private <W extends OperatorActions> String update(String id, Set<String> kinds, String what, Class<W> type, Function<W, String> call) {
        requireRunning(id, kinds, what);
        W run = client.newWorkflowStub(type, id);
        Future<String> answer = updates.submit(() -> call.apply(run));
        try {
            return answer.get(UPDATE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            throw new ApiException(503, "no_worker_answered", what + " for " + id + " is not confirmed: no worker answered within "
                    + UPDATE_WAIT_SECONDS + " s. It may still be applied when a worker takes the run up; see GET /api/v1/failovers/" + id, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkflowUpdateException refused) {
                throw new ApiException(409, "refused", "operation " + id + " refused " + what + ": " + reason(refused), null);
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new ApiException(503, "interrupted", what + " for " + id + " is not confirmed: the request was interrupted", null);
        }
    }

    private static String reason(WorkflowUpdateException refused) {
        Throwable cause = refused.getCause();
        if (cause instanceof ApplicationFailure failure) {
            return failure.getOriginalMessage();
        }
        return cause == null ? refused.getMessage() : cause.getMessage();
    }

    List<FailoverView> list(String kind, String target, String status, int limit) {
        List<String> clauses = new ArrayList<>(List.of("TaskQueue = '" + taskQueue + "'",
                "WorkflowType IN (" + String.join(", ", FailoverSpec.WORKFLOW_TYPES.values().stream().sorted().map(t -> "'" + t + "'").toList()) + ")"));
        if (kind != null) {
            if (!FailoverSpec.WORKFLOW_TYPES.containsKey(kind)) {
                throw ApiException.invalid("kind", Echo.quote(kind) + " is not one of "
                        + FailoverSpec.WORKFLOW_TYPES.keySet().stream().sorted().toList());
            }
            clauses.add("FlowplaneKind = '" + kind + "'");
        }
        if (target != null) {
            clauses.add("FlowplaneTarget = '" + filterValue("target", target) + "'");
        }
        if (status != null) {
            String temporalStatus = STATUS_FILTER.get(status);
            if (temporalStatus == null) {
                throw ApiException.invalid("status", Echo.quote(status) + " is not one of " + STATUS_FILTER.keySet().stream().sorted().toList());
            }
            clauses.add("ExecutionStatus = '" + temporalStatus + "'");
        }
        return client.listExecutions(String.join(" AND ", clauses)).limit(limit).map(this::summary).toList();
    }

    private FailoverView summary(WorkflowExecutionMetadata m) {
        String id = m.getExecution().getWorkflowId();
        return new FailoverView(id, m.getExecution().getRunId(), kindOf(m.getWorkflowType()), targetOf(m),
                WorkflowRuns.shortStatus(m.getStatus()), m.getStartTime(), m.getCloseTime(), null, null, null, null, uiLink(id));
    }

    private void requireRunning(String id, Set<String> kinds, String what) {
        FailoverView view = find(id).orElseThrow(() -> ApiException.notFound("operation " + Echo.quote(id)));
        if (!kinds.contains(view.kind())) {
            throw new ApiException(409, "wrong_kind", "operation " + id + " is a " + view.kind() + "; only "
                    + String.join(" and ", kinds.stream().sorted().toList()) + " take " + what, null);
        }
        if (!view.status().equals("RUNNING")) {
            throw new ApiException(409, "not_running", "operation " + id + " is " + view.status() + ", not running", null);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<StepProgress> progress(WorkflowStub stub) throws Exception {
        return CompletableFuture.supplyAsync(() -> (List<StepProgress>) stub.query("progress", List.class, StepProgressList.TYPE))
                .get(5, TimeUnit.SECONDS);
    }

    private static Class<?> resultType(String kind) {
        return switch (kind) {
            case PostgresFailoverWorkflow.KIND -> FailoverResult.class;
            case AuroraSwitchoverWorkflow.KIND, AuroraFailoverWorkflow.KIND -> AuroraResult.class;
            case ControlPlaneDnsWorkflow.KIND -> DnsFailoverResult.class;
            case io.flowplane.workflows.controlplane.DatabaseUrlRotationWorkflow.KIND -> RotationResult.class;
            default -> RollingRestartResult.class;
        };
    }

    private static String kindOf(String workflowType) {
        return FailoverSpec.WORKFLOW_TYPES.entrySet().stream()
                .filter(e -> e.getValue().equals(workflowType))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static String targetOf(WorkflowExecutionMetadata metadata) {
        return metadata.getTypedSearchAttributes().get(OperationSearchAttributes.TARGET);
    }

    private static String filterValue(String field, String value) {
        if (!FILTER_VALUE.matcher(value).matches()) {
            throw ApiException.invalid(field, Echo.quote(value) + " must be 1-64 letters, digits, '.', '-' or '_'");
        }
        return value;
    }

    private String uiLink(String id) {
        return WorkflowRuns.uiLink(uiUrl, client, id);
    }
}
