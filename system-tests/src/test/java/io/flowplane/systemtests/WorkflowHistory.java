package io.flowplane.systemtests;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.HashMap;
import java.util.Map;

/** What Temporal recorded of one run: how often each activity was scheduled, and on which attempt it finished. */
final class WorkflowHistory {
    private final WorkflowExecutionHistory history;

    private WorkflowHistory(WorkflowExecutionHistory history) {
        this.history = history;
    }

    /** The latest run of the workflow with this id, from the Temporal frontend at {@code temporalAddress}. */
    static WorkflowHistory of(String temporalAddress, String workflowId) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
        try {
            return new WorkflowHistory(WorkflowClient.newInstance(service).fetchHistory(workflowId));
        } finally {
            service.shutdown();
        }
    }

    /** The whole history as Temporal's JSON, for searching it. */
    String json() {
        return history.toJson(true);
    }

    /** How many times an activity of this type was scheduled (a retry is not a new schedule). */
    long scheduled(String activityType) {
        return history.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
                .count();
    }

    /** The highest attempt any activity of this type finished on: 1 unless it was retried. */
    int attempts(String activityType) {
        Map<Long, String> typeOfScheduled = new HashMap<>();
        int highest = 0;
        for (HistoryEvent e : history.getEvents()) {
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                typeOfScheduled.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                    && activityType.equals(typeOfScheduled.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId()))) {
                highest = Math.max(highest, e.getActivityTaskStartedEventAttributes().getAttempt());
            }
        }
        return highest;
    }
}
