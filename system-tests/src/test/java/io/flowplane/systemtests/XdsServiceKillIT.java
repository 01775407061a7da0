package io.flowplane.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowplane.testkit.Traffic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * xds-service killed with SIGKILL under real Envoys with traffic: their bootstraps list two xds-services on one
 * database. Envoys keep serving their last configuration, resubscribe to the other, and come back to the first
 * once it is restarted and the other is killed; a resubscription re-sends nothing Envoy already holds.
 */
@Tag("fault")
class XdsServiceKillIT {
    @Test
    void envoysKeepServingMoveToTheOtherXdsAndBackAndAreSentNothingTheyAlreadyHold() {
        try (FaultStack stack = FaultStack.startWithStandbyXds(2)) {
            ControlPlane first = stack.controlPlane;
            ControlPlane second = stack.standby;
            List<Traffic> traffic = stack.trafficThroughEveryEnvoy();
            second.startXds();

            Map<String, Map<String, String>> held = Resubscription.ackedVersions(Resubscription.awaitAllStreamsOn(stack, first));
            Map<String, Long> updates = Resubscription.envoyUpdateCounts(stack.envoys());
            first.kill("xds-service");
            Resubscription.assertMovedWithoutAPush(stack, second, held, updates);

            // A change made while the first is down reaches every Envoy through the second.
            stack.switchBackendTo(stack.green);

            first.startXds();
            held = Resubscription.ackedVersions(Resubscription.awaitAllStreamsOn(stack, second));
            updates = Resubscription.envoyUpdateCounts(stack.envoys());
            second.kill("xds-service");
            Resubscription.assertMovedWithoutAPush(stack, first, held, updates);
            stack.switchBackendTo(stack.blue);

            traffic.forEach(Traffic::close);
            for (Traffic t : traffic) {
                assertThat(t.failed()).as(t + ": " + t.firstFailures()).isZero();
                assertThat(t.succeeded()).isPositive();
            }
            stack.secretScan().text("the xDS status", stack.xdsStatus().get("/api/v1/xds/status").body())
                    .assertNoSecretAppears();
        }
    }
}
