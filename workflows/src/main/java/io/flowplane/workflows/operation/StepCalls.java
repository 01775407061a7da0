package io.flowplane.workflows.operation;

import io.flowplane.workflows.activity.AuroraGlobalActivities;
import io.flowplane.workflows.activity.ClusterTopologyActivities;
import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.DnsActivities;
import io.flowplane.workflows.activity.PostgresActivities;

/**
 * Activity stubs for one call of a runbook step: the Web UI's timeline then reads as the runbook
 * ("5/10 await-replica-replay · us-east-2") instead of {@code PostgresDescribeMember} twice. Workflow code;
 * making a stub records nothing in history.
 */
public final class StepCalls {
    private final Runbook runbook;

    public StepCalls(Runbook runbook) {
        this.runbook = runbook;
    }

    public PostgresActivities postgres(String step, String member) {
        return ActivityStubs.postgres(runbook.summary(step, member));
    }

    public ControlPlaneActivities controlPlanes(String step, String baseUrl) {
        return ActivityStubs.controlPlanes(runbook.summary(step, baseUrl));
    }

    public ClusterTopologyActivities topology(String step, String cluster) {
        return ActivityStubs.topology(runbook.summary(step, cluster));
    }

    public DnsActivities dns(String step, String subject) {
        return ActivityStubs.dns(runbook.summary(step, subject));
    }

    public AuroraGlobalActivities aurora(String step, String target) {
        return ActivityStubs.aurora(runbook.summary(step, target));
    }
}
