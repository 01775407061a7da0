package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficTest {
    @Test
    void countsWhatTheCheckAcceptsAndKeepsTheFirstFailures() {
        try (Upstream upstream = Upstream.named("counted");
                Traffic traffic = Traffic.start("test", Http.localhost(upstream.port()), "/",
                        reply -> reply.status() == 200 && reply.body().startsWith("hello from counted"))) {
            traffic.awaitSucceeded(5);
            upstream.failWith(503);
            Wait.until("a failed request", java.time.Duration.ofSeconds(10), () -> traffic.failed() > 0);
            traffic.close();
            assertThat(traffic.firstFailures()).first().asString().startsWith("503 hello from counted");
            assertThat(traffic.succeeded() + traffic.failed()).isEqualTo(upstream.served());
            assertThat(traffic.toString()).contains("failed, first: [503");
        }
    }
}
