package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamTest {
    @Test
    void answersWhoItIsCountsAndFailsOnDemand() {
        try (Upstream named = Upstream.named("blue"); Upstream fixed = Upstream.answering("exactly this")) {
            Http blue = Http.localhost(named.port());
            assertThat(blue.get("/a/b")).isEqualTo(new Http.Reply(200, "hello from blue /a/b"));
            named.failWith(503);
            assertThat(blue.get("/").status()).isEqualTo(503);
            named.recover();
            assertThat(blue.get("/").status()).isEqualTo(200);
            assertThat(named.served()).isEqualTo(3);

            fixed.failingEveryOtherRequest();
            Http exact = Http.localhost(fixed.port());
            assertThat(exact.get("/x")).isEqualTo(new Http.Reply(503, "exactly this"));
            assertThat(exact.get("/x")).isEqualTo(new Http.Reply(200, "exactly this"));
        }
    }
}
