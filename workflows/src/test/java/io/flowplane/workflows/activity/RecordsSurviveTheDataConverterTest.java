package io.flowplane.workflows.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.workflows.controlplane.RollingRestartRequest;
import io.flowplane.workflows.controlplane.RotationRequest;
import io.flowplane.workflows.failover.FailoverRequest;
import io.flowplane.workflows.failover.LeftBehindControlPlane;
import io.flowplane.workflows.failover.PreflightCheck;
import io.flowplane.workflows.failover.PreflightReport;
import io.flowplane.workflows.failover.FailoverMode;
import io.flowplane.workflows.testing.FakeCluster;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Temporal's default JSON converter refuses unknown properties, so a helper that looks like a getter
 * (isX(), getX()) on a record breaks the workflow task that receives it. Every input and result goes round.
 */
class RecordsSurviveTheDataConverterTest {
    private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

    @Test
    void everyRecordRoundTrips() {
        MemberStatus primary = FakeCluster.primary("east");
        MemberStatus replica = FakeCluster.replica("west");
        ControlPlaneStatus status = new ControlPlaneStatus("http://xds", true, null, "xds-service", "east:5432/flowplane",
                false, true, 42, 3, false, 2, true);
        PreflightReport report = PreflightCheck.evaluate("main", FailoverMode.PLANNED, "west", List.of(primary, replica), List.of(status));
        PreflightReport leavingOneBehind = PreflightCheck.evaluate("main", FailoverMode.UNPLANNED, "west",
                List.of(MemberStatus.unreachable("east", "east:5432/flowplane", "refused"), replica),
                List.of(status, ControlPlaneStatus.unreachable("http://api", "refused")));
        List<Object> values = List.of(
                primary, replica, MemberStatus.unreachable("east", "east:5432/flowplane", "refused"), status,
                ControlPlaneStatus.unreachable("http://api", "refused"),
                new HealthExpectation("west:5432/flowplane", 3, true, true, 300),
                new ConfigSnapshot("east", 42, Map.of("teams", 1L)),
                new FenceResult("east", false, 2), new ReplayResult("west", "0/1", "0/2", "0/2"),
                new PromotionResult("west", true, false, "promoted west"),
                new ClusterTopology("main", List.of("east"), List.of("http://api")),
                report, leavingOneBehind, new LeftBehindControlPlane("http://api", "refused"),
                FailoverRequest.planned("main", "west"), RotationRequest.of("main", "west"),
                RollingRestartRequest.ofCluster("main", 5));
        for (Object value : values) {
            Object back = converter.fromPayload(converter.toPayload(value).orElseThrow(), value.getClass(), value.getClass());
            assertThat(back).as(value.getClass().getSimpleName()).isEqualTo(value);
        }
    }
}
