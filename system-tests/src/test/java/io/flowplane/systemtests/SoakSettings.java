package io.flowplane.systemtests;

import java.time.Duration;

/** The soak's knobs, from system properties (scripts/bench/soak/run sets them from its options). */
record SoakSettings(int envoys, double writesPerSecond, Duration steady, Duration spike, int spikeFactor, Duration after,
        Duration sampleEvery) {
    static SoakSettings fromSystemProperties() {
        return new SoakSettings(Integer.getInteger("bench.envoys", 10),
                Double.parseDouble(System.getProperty("bench.writesPerSecond", "4")),
                Duration.ofSeconds(Long.getLong("bench.steadySeconds", 1800)),
                Duration.ofSeconds(Long.getLong("bench.spikeSeconds", 60)),
                Integer.getInteger("bench.spikeFactor", 10),
                Duration.ofSeconds(Long.getLong("bench.afterSeconds", 120)),
                Duration.ofSeconds(Long.getLong("bench.sampleSeconds", 30)));
    }

    Duration total() {
        return steady.plus(spike).plus(after);
    }
}
