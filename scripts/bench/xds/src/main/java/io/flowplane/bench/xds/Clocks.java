package io.flowplane.bench.xds;

import java.time.Instant;

/** Wall-clock microseconds, comparable across the JVMs of one machine (CLOCK_REALTIME). */
final class Clocks {
    private Clocks() {}

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
