package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Links through the real Toxiproxy server carry traffic, cut it and slow it down. */
class ToxiproxyIT {
    @Test
    void aLinkCarriesTrafficUntilCutAndAgainOnceRestored() {
        try (Upstream upstream = Upstream.named("behind-the-link");
                Toxiproxy.Link link = Toxiproxy.shared().link("upstream", upstream.port())) {
            Http through = Http.localhost(link.port());
            assertThat(through.get("/").body()).isEqualTo("hello from behind-the-link /");

            link.cut();
            assertThat(link.isCut()).isTrue();
            assertThatThrownBy(() -> through.get("/")).isInstanceOf(UncheckedIOException.class);

            link.restore();
            assertThat(through.get("/").status()).isEqualTo(200);
            assertThat(upstream.served()).as("the refused request never reached the upstream").isEqualTo(2);
        }
    }

    @Test
    void latencyDelaysEveryRoundTripByAtLeastTheLatency() {
        try (Upstream upstream = Upstream.named("far-away");
                Toxiproxy.Link link = Toxiproxy.shared().link("slow", upstream.port())) {
            Http through = Http.localhost(link.port());
            link.latency(Duration.ofMillis(300), Duration.ZERO);
            long started = System.nanoTime();
            assertThat(through.get("/").status()).isEqualTo(200);
            // a lower bound only: latency can make a request slower, never faster
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            link.clearLatency();
        }
    }
}
