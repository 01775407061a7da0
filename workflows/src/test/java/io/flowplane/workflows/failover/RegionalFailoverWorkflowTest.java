package io.flowplane.workflows.failover;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.CLUSTER;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.activity.RegionalTopology;
import io.flowplane.workflows.operation.StepProgress;
import io.flowplane.workflows.operation.StepState;
import io.flowplane.workflows.testing.FakeCluster;
import io.flowplane.workflows.testing.FakeClusterWorkflows;
import io.flowplane.workflows.testing.UpdateRefusals;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guide's four members (us-east-1 primary, us-east-2 synchronous, eu-west-1 and ap-east-1 asynchronous) and
 * control planes in us-east (api, xds) and eu-west (xds-eu): which member is promoted, what happens to the others,
 * and where each control plane reads afterwards.
 */
class RegionalFailoverWorkflowTest {
    private static final String XDS_EU = "http://xds-eu";
    private final FakeCluster cluster = new FakeCluster();

    @RegisterExtension
    final FakeClusterWorkflows workflows = new FakeClusterWorkflows(PostgresFailoverWorkflowImpl.class, cluster);

    @BeforeEach
    void guideTopology() {
        cluster.members.clear();
        cluster.memberNames.clear();
        cluster.addMember(FakeCluster.primary("us-east-1"));
        cluster.addMember(replicaAt("us-east-2", "0/3000000"));
        cluster.addMember(replicaAt("eu-west-1", "0/2FFF000"));
        cluster.addMember(replicaAt("ap-east-1", "0/2FFFF00"));
        cluster.addXdsControlPlane(XDS_EU);
        cluster.regions = new RegionalTopology(
                Map.of("us-east-1", "us-east", "us-east-2", "us-east", "eu-west-1", "eu-west", "ap-east-1", "ap-east"),
                List.of("us-east-1", "us-east-2"), Map.of(API, "us-east", XDS, "us-east", XDS_EU, "eu-west"));
    }

    @Test
    void aPlannedFailoverChoosesTheSynchronousReplicaAndBringsTheOthersAlongBeforePromoting() {
        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, null));

        assertThat(result.outcome()).isEqualTo(FailoverOutcome.COMPLETED);
        assertThat(result.newPrimary()).isEqualTo("us-east-2");
        assertThat(result.preflight().choice()).startsWith("chose us-east-2 (synchronous, us-east, the most WAL) over "
                + "ap-east-1 (asynchronous, ap-east, 256 B behind); eu-west-1 (asynchronous, eu-west, 4096 B behind); us-east-1 (the primary)");
        int promote = cluster.calls.indexOf("postgres.promote us-east-2");
        assertThat(cluster.calls.subList(cluster.calls.indexOf("postgres.awaitReplay us-east-2 " + FakeCluster.FINAL_LSN), promote))
                .as("repointed after the target holds everything, before it is promoted").containsExactly(
                        "postgres.awaitReplay us-east-2 " + FakeCluster.FINAL_LSN,
                        "postgres.setSynchronousStandbys us-east-2 []",
                        "postgres.followPrimary eu-west-1 us-east-2",
                        "postgres.followPrimary ap-east-1 us-east-2");
        assertThat(cluster.calls).contains("postgres.awaitStreaming us-east-2 [eu-west-1, ap-east-1]",
                // us-east has no replica left (us-east-1 is the fenced old primary): its control planes read from the primary
                "cp.switchDatabases " + API + " us-east-2 reads us-east-2",
                "cp.switchDatabases " + XDS + " us-east-2 reads us-east-2",
                "cp.switchDatabases " + XDS_EU + " us-east-2 reads eu-west-1");
        assertThat(result.membersLeftBehind()).extracting(LeftBehindMember::member).containsExactly("us-east-1");
        assertThat(result.replicas().syncStates()).containsOnlyKeys("eu-west-1", "ap-east-1");
        assertThat(detail(result.steps(), FailoverSteps.VERIFY_REPLICAS)).contains("eu-west-1, ap-east-1 stream from us-east-2")
                .contains("no synchronous standby in us-east-2's region");
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(FailoverSteps.PLANNED_REGIONAL);
    }

    @Test
    void aPreferredRegionWinsOverTheSynchronousReplicaAndAnUnreachableMemberIsLeftBehind() {
        cluster.members.put("ap-east-1", MemberStatus.unreachable("ap-east-1", "ap-east-1:5432/flowplane", "connection refused"));
        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, null).choosing("eu-west", 0));

        assertThat(result.newPrimary()).isEqualTo("eu-west-1");
        assertThat(result.membersLeftBehind()).extracting(LeftBehindMember::member).containsExactly("us-east-1", "ap-east-1");
        assertThat(result.membersLeftBehind().get(1).reason()).contains("unreachable in preflight (connection refused)")
                .contains("Rebuilding the old primary as a replica");
        assertThat(cluster.calls).contains("postgres.followPrimary us-east-2 eu-west-1")
                .doesNotContain("postgres.followPrimary ap-east-1 eu-west-1")
                // us-east-2 streams from the new primary in eu-west: us-east reads from it again
                .contains("cp.switchDatabases " + API + " eu-west-1 reads us-east-2", "cp.switchDatabases " + XDS_EU + " eu-west-1 reads eu-west-1");
    }

    @Test
    void aNewPrimaryWaitsForTheSynchronousReplicaOfItsRegionOnceItStreams() {
        cluster.addMember(replicaAt("us-east-3", "0/3000000"));
        cluster.regions = new RegionalTopology(Map.of("us-east-1", "us-east", "us-east-2", "us-east", "us-east-3", "us-east",
                "eu-west-1", "eu-west", "ap-east-1", "ap-east"), List.of("us-east-1", "us-east-2", "us-east-3"),
                cluster.regions.controlPlaneRegions());

        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, "us-east-2"));

        assertThat(cluster.synchronousStandbys.get("us-east-2")).containsExactly("us-east-3");
        assertThat(detail(result.steps(), FailoverSteps.VERIFY_REPLICAS)).contains("commits wait for us-east-3");
        assertThat(cluster.calls).contains("cp.switchDatabases " + API + " us-east-2 reads us-east-3");
    }

    @Test
    void anUnplannedFailoverChoosesTheSynchronousReplicaAndSaysNoAcknowledgedWriteIsLost() {
        cluster.members.put("us-east-1", MemberStatus.unreachable("us-east-1", "us-east-1:5432/flowplane", "connection refused"));
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, null));
        workflows.environment().sleep(Duration.ofMinutes(5));

        assertThat(detail(workflow.progress(), FailoverSteps.AWAIT_APPROVAL))
                .contains("us-east-2 is a synchronous replica").contains("no acknowledged write is lost")
                .contains("no reachable replica holds more WAL");
        assertThat(cluster.count("postgres.followPrimary")).as("nothing changes before the approval").isZero();
        assertThat(workflow.approve("alice")).startsWith("approved by alice");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(result.newPrimary()).isEqualTo("us-east-2");
        assertThat(result.membersLeftBehind()).singleElement().satisfies(m -> {
            assertThat(m.member()).isEqualTo("us-east-1");
            assertThat(m.reason()).startsWith("unreachable in preflight");
        });
        assertThat(result.replicas().syncStates()).containsOnlyKeys("eu-west-1", "ap-east-1");
        assertThat(result.steps()).extracting(StepProgress::name).containsExactlyElementsOf(FailoverSteps.UNPLANNED_REGIONAL);
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.state()).isEqualTo(StepState.DONE));
    }

    @Test
    void aNamedAsynchronousReplicaTooFarBehindNeedsAnApprovalThatOverridesTheRule() {
        cluster.members.put("us-east-1", MemberStatus.unreachable("us-east-1", "us-east-1:5432/flowplane", "connection refused"));
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "eu-west-1").choosing(null, 1024));
        workflows.environment().sleep(Duration.ofMinutes(5));

        assertThat(detail(workflow.progress(), FailoverSteps.AWAIT_APPROVAL)).contains("eu-west-1 is an asynchronous replica")
                .contains("4096 B behind us-east-2, the most advanced reachable replica");
        assertThat(UpdateRefusals.refusal(() -> workflow.approve("alice"))).isEqualTo(
                "eu-west-1 is 4096 B behind us-east-2, over max_lag_bytes 1024; an approval must override it (override_max_lag), or abort");
        workflow.approveDataLoss("alice (signal)");
        workflows.environment().sleep(Duration.ofMinutes(1));
        assertThat(cluster.count("postgres.promote")).as("a plain approval signal overrides nothing").isZero();
        assertThat(workflow.approveOverridingMaxLag("alice")).startsWith("approved by alice, overriding: eu-west-1 is 4096 B behind");
        FailoverResult result = WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class);

        assertThat(result.newPrimary()).isEqualTo("eu-west-1");
        assertThat(result.overridden()).isEqualTo("eu-west-1 is 4096 B behind us-east-2, over max_lag_bytes 1024");
        assertThat(result.membersLeftBehind()).extracting(LeftBehindMember::member).containsExactly("us-east-1", "us-east-2", "ap-east-1");
        assertThat(result.membersLeftBehind().get(1).reason()).contains("holds 4096 B of WAL eu-west-1 never received").contains("pg_rewind");
        assertThat(cluster.count("postgres.followPrimary")).isZero();
    }

    @Test
    void aTargetWithinTheLagRuleRefusesAnOverride() {
        cluster.members.put("us-east-1", MemberStatus.unreachable("us-east-1", "us-east-1:5432/flowplane", "connection refused"));
        PostgresFailoverWorkflow workflow = workflow();
        WorkflowClient.start(workflow::failover, FailoverRequest.unplanned(CLUSTER, "eu-west-1"));
        workflows.environment().sleep(Duration.ofMinutes(5));

        assertThat(UpdateRefusals.refusal(() -> workflow.approveOverridingMaxLag("alice")))
                .isEqualTo("no rule to override: approve without override_max_lag");
        workflow.approve("alice");
        assertThat(WorkflowStub.fromTyped(workflow).getResult(FailoverResult.class).newPrimary()).isEqualTo("eu-west-1");
    }

    @Test
    void aReplicaThatNeverStreamsFromTheNewPrimaryIsLeftBehindAndNotReadFrom() {
        cluster.neverStreams.add("eu-west-1");
        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, "us-east-2"));

        assertThat(result.membersLeftBehind()).extracting(LeftBehindMember::member).containsExactly("us-east-1", "eu-west-1");
        assertThat(result.membersLeftBehind().get(1).reason()).startsWith("did not stream from us-east-2 within 30 s");
        assertThat(cluster.calls).contains("cp.switchDatabases " + XDS_EU + " us-east-2 reads us-east-2");
    }

    @Test
    void aPlannedFailoverLeavesAReplicaThatIsNotStreamingBehindWithoutWaitingForIt() {
        MemberStatus stalled = replicaAt("ap-east-1", "0/2FFFF00");
        cluster.members.put("ap-east-1", new MemberStatus("ap-east-1", stalled.database(), true, null, true, "7001", 150004, "15.4", 1L,
                null, "0/2FFFF00", "0/2FFFF00", false, 0.0, 1.5, "waiting", false, 42L));

        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, "us-east-2"));

        assertThat(result.membersLeftBehind()).extracting(LeftBehindMember::member).containsExactly("us-east-1", "ap-east-1");
        assertThat(result.membersLeftBehind().get(1).reason()).startsWith("not streaming in preflight (wal receiver: waiting)");
        assertThat(cluster.calls).contains("postgres.awaitStreaming us-east-2 [eu-west-1]").doesNotContain("postgres.followPrimary ap-east-1 us-east-2");
    }

    @Test
    void noMemberToPromoteIsAPreflightProblemNamingEachOne() {
        cluster.members.replaceAll((name, status) -> status.inRecovery()
                ? MemberStatus.unreachable(name, name + ":5432/flowplane", "timeout") : status);
        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, null).asDryRun());

        assertThat(result.preflight().problems()).contains("no member can be promoted: us-east-1 (the primary); "
                + "us-east-2 (unreachable: timeout); eu-west-1 (unreachable: timeout); ap-east-1 (unreachable: timeout)");
    }

    @Test
    void aControlPlaneReadingElsewhereWithoutARegionIsAPreflightProblem() {
        cluster.regions = new RegionalTopology(cluster.regions.memberRegions(), cluster.regions.synchronousMembers(),
                Map.of(XDS, "us-east", XDS_EU, "eu-west"));
        cluster.controlPlanes.put(API, new io.flowplane.workflows.activity.ControlPlaneStatus(API, true, null, "api-service",
                "us-east-1:5432/flowplane", false, true, 42, 1, false, 0, true, "us-east-2:5432/flowplane"));

        FailoverResult result = workflow().failover(FailoverRequest.planned(CLUSTER, null).asDryRun());

        assertThat(result.preflight().problems()).containsExactly("control plane " + API + " reads from us-east-2:5432/flowplane"
                + " (FLOWPLANE_DATABASE_READ_URL) but has no region in the clusters file, so the failover could not move its reads:"
                + " give it {url, region}");
    }

    private PostgresFailoverWorkflow workflow() {
        return workflows.stub(PostgresFailoverWorkflow.class);
    }

    private static MemberStatus replicaAt(String member, String lsn) {
        return new MemberStatus(member, member + ":5432/flowplane", true, null, true, "7001", 150004, "15.4", 1L,
                null, lsn, lsn, false, 0.0, 1.5, "streaming", false, 42L);
    }

    private static String detail(List<StepProgress> steps, String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().detail();
    }
}
