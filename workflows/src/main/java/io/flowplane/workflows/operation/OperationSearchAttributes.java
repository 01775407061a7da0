package io.flowplane.workflows.operation;

import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;

/**
 * Custom search attributes of every operation, so the Web UI and the API can list operations by kind and
 * target. Both must be registered as Keyword on the Temporal namespace.
 */
public final class OperationSearchAttributes {
    public static final SearchAttributeKey<String> KIND = SearchAttributeKey.forKeyword("FlowplaneKind");
    public static final SearchAttributeKey<String> TARGET = SearchAttributeKey.forKeyword("FlowplaneTarget");

    private OperationSearchAttributes() {}

    public static void tag(String kind, String target) {
        Workflow.upsertTypedSearchAttributes(KIND.valueSet(kind), TARGET.valueSet(target == null ? "" : target));
    }
}
