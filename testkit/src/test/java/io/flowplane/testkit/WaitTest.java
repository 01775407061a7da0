package io.flowplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {
    @Test
    void returnsTheFirstValueThatIsNeitherNullNorFalse() {
        AtomicInteger probes = new AtomicInteger();
        String value = Wait.until("the third probe", Duration.ofSeconds(5), () -> switch (probes.incrementAndGet()) {
            case 1 -> null;
            case 2 -> throw new IllegalStateException("not yet");
            default -> "ready";
        });
        assertThat(value).isEqualTo("ready");
        assertThat(probes).hasValue(3);
        assertThat(Wait.until("true", Duration.ofSeconds(1), () -> Boolean.TRUE)).isTrue();
    }

    @Test
    void aTimeoutNamesWhatWasAwaitedAndTheLastError() {
        AtomicInteger probes = new AtomicInteger();
        assertThatThrownBy(() -> Wait.until("the moon", Duration.ofMillis(300), () -> {
            if (probes.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("cloudy");
            }
            return false;
        })).isInstanceOf(AssertionError.class)
                .hasMessageContaining("waiting for the moon")
                .hasMessageContaining("cloudy");
        assertThat(probes.get()).as("probed more than once, with pauses").isBetween(2, 10);
    }
}
