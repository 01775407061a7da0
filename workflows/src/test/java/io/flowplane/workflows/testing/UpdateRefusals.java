package io.flowplane.workflows.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

/** What a workflow update's validator answered when it refused. */
public final class UpdateRefusals {
    private UpdateRefusals() {}

    public static String refusal(Runnable update) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(update::run);
        assertThat(thrown).isInstanceOf(WorkflowUpdateException.class);
        assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
        return ((ApplicationFailure) thrown.getCause()).getOriginalMessage();
    }
}
