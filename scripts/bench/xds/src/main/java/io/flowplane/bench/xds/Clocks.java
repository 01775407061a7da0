package io.flowplane.bench.xds;

import java.time.Instant;

/** Wall-clock microseconds, comparable across the JVMs of one machine (CLOCK_REALTIME). */
final class Clocks {
    private Clocks() {}

    static long nowMicros() {
        return micros(Instant.now());
    }

    static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }
}
