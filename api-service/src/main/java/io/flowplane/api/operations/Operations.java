package io.flowplane.api.operations;

import io.flowplane.workflows.activity.DatabaseStatus;
import io.flowplane.workflows.check.DatabaseCheckWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Starts and reads Flowplane operations on Temporal. */
public class Operations {
    /** What each kind of operation starts. */
    private static final Map<String, String> WORKFLOW_TYPES = Map.of(DatabaseCheckWorkflow.KIND, "DatabaseCheckWorkflow");

    private final WorkflowClient client;
    private final String taskQueue;
    private final String uiUrl;

    public Operations(WorkflowClient client, String taskQueue, String uiUrl) {
        this.client = client;
        this.taskQueue = taskQueue;
        this.uiUrl = uiUrl;
    }

    public static List<String> kinds() {
        return WORKFLOW_TYPES.keySet().stream().sorted().toList();
    }

    public Operation start(String kind) {
        String id = kind + "-" + UUID.randomUUID().toString().substring(0, 8);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(taskQueue)
                .setStaticSummary("Flowplane " + kind)
                .build();
        WorkflowStub stub = client.newUntypedWorkflowStub(WORKFLOW_TYPES.get(kind), options);
        stub.start();
        return new Operation(id, kind, "RUNNING", Instant.now(), null, null, null, uiLink(id));
    }

    public Optional<Operation> find(String id) {
        DescribeWorkflowExecutionResponse described;
        try {
            described = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                            .build());
        } catch (io.grpc.StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        var info = described.getWorkflowExecutionInfo();
        if (!info.getTaskQueue().equals(taskQueue)) {
            return Optional.empty();
        }
        String kind = kindOf(info.getType().getName());
        WorkflowExecutionStatus status = info.getStatus();
        Object result = null;
        String failure = null;
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            result = client.newUntypedWorkflowStub(id).getResult(resultType(kind));
        } else if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
            failure = WorkflowRuns.rootFailure(client.newUntypedWorkflowStub(id));
        }
        return Optional.of(new Operation(id, kind, WorkflowRuns.shortStatus(status), instant(info.getStartTime()),
                info.hasCloseTime() ? instant(info.getCloseTime()) : null, result, failure, uiLink(id)));
    }

    public List<Operation> list(int limit) {
        return client.listExecutions("TaskQueue = '" + taskQueue + "'")
                .limit(limit)
                .map(toOperation())
                .toList();
    }

    private Function<WorkflowExecutionMetadata, Operation> toOperation() {
        return m -> new Operation(m.getExecution().getWorkflowId(), kindOf(m.getWorkflowType()), WorkflowRuns.shortStatus(m.getStatus()),
                m.getStartTime(), m.getCloseTime(), null, null, uiLink(m.getExecution().getWorkflowId()));
    }

    private static Class<?> resultType(String kind) {
        return DatabaseCheckWorkflow.KIND.equals(kind) ? DatabaseStatus.class : Object.class;
    }

    private static String kindOf(String workflowType) {
        return WORKFLOW_TYPES.entrySet().stream()
                .filter(e -> e.getValue().equals(workflowType))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(workflowType);
    }

    private static Instant instant(com.google.protobuf.Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private String uiLink(String id) {
        return WorkflowRuns.uiLink(uiUrl, client, id);
    }
}
