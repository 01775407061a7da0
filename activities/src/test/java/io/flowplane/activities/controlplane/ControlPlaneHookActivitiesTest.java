package io.flowplane.activities.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.activities.config.WorkerClusters;
import io.flowplane.activities.config.WorkerClustersFile;
import io.flowplane.activities.testing.FakeControlPlane;
import io.flowplane.workflows.activity.ControlPlaneActivities;
import io.flowplane.workflows.activity.ControlPlaneStatus;
import io.flowplane.workflows.activity.HealthExpectation;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlPlaneHookActivitiesTest {
    private FakeControlPlane controlPlane;
    private TestActivityEnvironment environment;
    private ControlPlaneActivities activities;

    @BeforeEach
    void setUp() throws Exception {
        controlPlane = new FakeControlPlane();
        WorkerClusters clusters = WorkerClustersFile.parse("""
                clusters:
                  main:
                    members:
                      east: postgresql://postgres@127.0.0.1:5432/flowplane
                      west: postgresql://postgres@127.0.0.2:5432/flowplane
                    client_urls:
                      west: postgresql://flowplane:pw@127.0.0.2:5432/flowplane
                    control_planes: [%s]
                """.formatted(controlPlane.baseUrl()), false);
        environment = TestActivityEnvironment.newInstance();
        environment.registerActivitiesImplementations(
                new ControlPlaneHookActivities(clusters, new ControlPlaneClient("test-token")));
        activities = environment.newActivityStub(ControlPlaneActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
    }

    @AfterEach
    void tearDown() {
        environment.close();
        controlPlane.close();
    }

    @Test
    void readsStatusWithTheBearerToken() {
        ControlPlaneStatus status = activities.status(controlPlane.baseUrl() + "/");

        assertThat(status.reachable()).isTrue();
        assertThat(status.service()).isEqualTo("xds-service");
        assertThat(status.database()).isEqualTo("127.0.0.1:5432/flowplane");
        assertThat(status.connectedDataplanes()).isEqualTo(2);
        assertThat(status.dataplanesInSync()).isTrue();
        assertThat(controlPlane.requests).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer test-token"));
    }

    @Test
    void switchSendsTheClientUrlFromConfigurationNotTheName() {
        ControlPlaneStatus status = activities.switchDatabase(controlPlane.baseUrl(), "main", "west");

        assertThat(status.database()).isEqualTo("127.0.0.2:5432/flowplane");
        assertThat(controlPlane.requests.get(0).body()).isEqualTo("{\"url\":\"postgresql://flowplane:pw@127.0.0.2:5432/flowplane\"}");
    }

    @Test
    void aRefusedUrlIsNonRetryableAndItsPasswordStaysOut() {
        controlPlane.switchAnswer = 400;

        assertThatThrownBy(() -> activities.switchDatabase(controlPlane.baseUrl(), "main", "west"))
                .isInstanceOf(ActivityFailure.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("InvalidDatabaseUrl");
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getOriginalMessage()).doesNotContain(":pw@");
                });
    }

    @Test
    void refusesBaseUrlsTheConfigurationDoesNotList() {
        assertThatThrownBy(() -> activities.status("http://127.0.0.1:1"))
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo("UnknownControlPlane"));
        assertThat(controlPlane.requests).isEmpty();
    }

    @Test
    void restartIsNotRepeatedWhenAnEarlierAttemptGotThrough() {
        ControlPlaneStatus first = activities.restart(controlPlane.baseUrl(), 1, 0);
        activities.restart(controlPlane.baseUrl(), 1, 0);

        assertThat(first.generation()).isEqualTo(2);
        assertThat(controlPlane.count("POST", "/control-plane/restart")).isEqualTo(1);
    }

    @Test
    void awaitHealthyPollsUntilRestartedAndInSync() {
        controlPlane.restartingPolls.set(2);
        controlPlane.generation = 2;

        ControlPlaneStatus status = activities.awaitHealthy(controlPlane.baseUrl(),
                new HealthExpectation("127.0.0.1:5432/flowplane", 1, true, true, 30));

        assertThat(status.generation()).isEqualTo(2);
        assertThat(controlPlane.count("GET", "/control-plane/status")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void awaitHealthyGivesUpAtItsDeadline() {
        controlPlane.dataplanesInSync = false;

        assertThatThrownBy(() -> activities.awaitHealthy(controlPlane.baseUrl(), new HealthExpectation(null, 0, false, true, 1)))
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("NotHealthy");
                    assertThat(f.getOriginalMessage()).contains("not in sync");
                });
    }

    @Test
    void anUnreachableControlPlaneIsReportedNotThrown() {
        String url = controlPlane.baseUrl();
        controlPlane.close();

        assertThat(activities.status(url).reachable()).isFalse();
    }
}
