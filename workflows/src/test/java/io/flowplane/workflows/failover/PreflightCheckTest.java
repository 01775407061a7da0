package io.flowplane.workflows.failover;

import static io.flowplane.workflows.testing.FakeCluster.API;
import static io.flowplane.workflows.testing.FakeCluster.XDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.MemberStatus;
import io.flowplane.workflows.testing.FakeCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightCheckTest {
    private static final MemberStatus EAST = FakeCluster.primary("east");
    private static final MemberStatus EAST_LOST = MemberStatus.unreachable("east", "east:5432/flowplane", "connection refused");
    private static final MemberStatus WEST = FakeCluster.replica("west");
    private static final ControlPlaneStatus API_UNHEALTHY = new ControlPlaneStatus(API, true, null, "api-service",
            "east:5432/flowplane", false, false, 42, 1, false, 0, true);
    private static final ControlPlaneStatus API_HEALTHY = new ControlPlaneStatus(API, true, null, "api-service",
            "east:5432/flowplane", false, true, 42, 1, false, 0, true);
    private static final ControlPlaneStatus API_LOST = ControlPlaneStatus.unreachable(API, "connection refused");
    private static final ControlPlaneStatus XDS_LOST = ControlPlaneStatus.unreachable(XDS, "connect timed out");

    @Test
    void unplannedLeavesAControlPlaneThatDoesNotAnswerBehind() {
        PreflightReport report = unplanned(List.of(API_UNHEALTHY, XDS_LOST));

        assertThat(report.problems()).isEmpty();
        assertThat(report.leftBehind()).containsExactly(new LeftBehindControlPlane(XDS, "connect timed out"));
        assertThat(report.leavesBehind(XDS)).isTrue();
        assertThat(report.leavesBehind(API)).isFalse();
        assertThat(report.controlPlanes()).containsExactly(API_UNHEALTHY, XDS_LOST);
        assertThat(report.summary()).contains("2 control planes (left behind: " + XDS + " (connect timed out))");
    }

    @Test
    void plannedLagIsTheDistanceFromThePrimarysPositionAndNeverNegative() {
        PreflightReport behind = PreflightCheck.evaluate("main", FailoverMode.PLANNED, "west", List.of(EAST, WEST),
                List.of(API_HEALTHY));
        assertThat(behind.lagBytes()).isEqualTo(0x3000000L - 0x2FFFF00L);

        MemberStatus replayedSinceThePrimaryWasRead = new MemberStatus("west", "west:5432/flowplane", true, null, true,
                "7001", 150004, "15.4", 1L, null, "0/3000100", "0/3000100", false, 0.0, 0.1, "streaming", false, 42L);
        PreflightReport ahead = PreflightCheck.evaluate("main", FailoverMode.PLANNED, "west",
                List.of(EAST, replayedSinceThePrimaryWasRead), List.of(API_HEALTHY));
        assertThat(ahead.lagBytes()).isZero();
    }

    @Test
    void unplannedNeedsOneControlPlaneToAnswer() {
        PreflightReport report = unplanned(List.of(API_LOST, XDS_LOST));

        assertThat(report.problems()).containsExactly("no control plane answers, so none would serve from west: "
                + API + " unreachable (connection refused), " + XDS + " unreachable (connect timed out)");
    }

    @Test
    void unplannedWithEveryControlPlaneAnsweringLeavesNoneBehind() {
        PreflightReport report = unplanned(List.of(API_UNHEALTHY));

        assertThat(report.problems()).isEmpty();
        assertThat(report.leftBehind()).isEmpty();
    }

    @Test
    void unplannedRunsStartedBeforeLeavingControlPlanesBehindStillNeedEveryOneToAnswer() {
        PreflightReport report = PreflightCheck.evaluate("main", FailoverMode.UNPLANNED, "west", List.of(EAST_LOST, WEST),
                List.of(API_UNHEALTHY, XDS_LOST), false);

        assertThat(report.problems()).containsExactly("control plane " + XDS + " is unreachable: connect timed out");
        assertThat(report.leftBehind()).isEmpty();
    }

    @Test
    void plannedNeedsEveryControlPlaneReachableAndHealthy() {
        PreflightReport report = PreflightCheck.evaluate("main", FailoverMode.PLANNED, "west", List.of(EAST, WEST),
                List.of(API_UNHEALTHY, XDS_LOST));

        assertThat(report.problems()).containsExactly(
                "control plane " + API + " is unhealthy",
                "control plane " + XDS + " is unreachable: connect timed out");
        assertThat(report.leftBehind()).isEmpty();
    }

    @Test
    void plannedWithHealthyControlPlanesHasNoProblems() {
        PreflightReport report = PreflightCheck.evaluate("main", FailoverMode.PLANNED, "west", List.of(EAST, WEST),
                List.of(API_HEALTHY));

        assertThat(report.problems()).isEmpty();
        assertThat(report.leftBehind()).isEmpty();
    }

    private static PreflightReport unplanned(List<ControlPlaneStatus> controlPlanes) {
        return PreflightCheck.evaluate("main", FailoverMode.UNPLANNED, "west", List.of(EAST_LOST, WEST), controlPlanes);
    }
}
