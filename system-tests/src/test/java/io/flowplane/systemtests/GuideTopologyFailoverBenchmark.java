package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.AP_EAST;
import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.EU_WEST;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowplane.testkit.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A benchmark harness, not a test (its name keeps it out of {@code scripts/test}): run it with
 * {@code scripts/bench/guide/run}. For each run, on a fresh stack of the guide's four members (primary us-east-1,
 * synchronous us-east-2, asynchronous eu-west-1 and ap-east-1) with control plane A in us-east and B in eu-west, a
 * planned failover with {@code promote} omitted while a client writes through the API every 20 ms. It measures,
 * from outside the workflow: the write-unavailability window (the longest time between two acknowledged writes,
 * and the span of refused ones), the time from the promotion until both asynchronous replicas stream from the new
 * primary, and until every control plane reads from its region's member again. Results go to
 * {@code target/guide-failover-bench.md}; it asserts nothing about time.
 */
class GuideTopologyFailoverBenchmark {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(20);

    record Run(long longestWriteGapMillis, long refusalWindowMillis, int refusals, int acknowledged, long promotedToReplicasMillis,
            long promotedToRegionalReadsMillis, long operationMillis) {}

    @Test
    void measurePlannedFailovers() throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(once());
        }
        StringBuilder table = new StringBuilder("| run | longest time between acknowledged writes | refused writes (span, count)"
                + " | promotion → both async replicas streaming from it | promotion → every control plane reading from its region"
                + " | whole operation | acknowledged writes |\n|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < results.size(); i++) {
            Run r = results.get(i);
            table.append("| ").append(i + 1).append(" | ").append(r.longestWriteGapMillis()).append(" ms | ").append(r.refusalWindowMillis())
                    .append(" ms, ").append(r.refusals()).append(" | ").append(r.promotedToReplicasMillis()).append(" ms | ")
                    .append(r.promotedToRegionalReadsMillis()).append(" ms | ").append(r.operationMillis()).append(" ms | ")
                    .append(r.acknowledged()).append(" |\n");
        }
        Path out = Path.of("target", "guide-failover-bench.md");
        Files.writeString(out, table.toString());
        System.out.println(table);
    }

    private static Run once() throws Exception {
        try (FailoverStack stack = FailoverStack.startGuideTopology()) {
            Map<String, Integer> regionalReadsAfter = Map.of("api", GuideTopologyFailoverIT.port(stack, NEW_PRIMARY),
                    "xds-a", GuideTopologyFailoverIT.port(stack, NEW_PRIMARY), "xds-b", GuideTopologyFailoverIT.port(stack, EU_WEST));
            List<Long> generationsBefore = stack.controlPlaneStatuses().stream().map(status -> status.path("generation").asLong()).toList();
            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(50);
            long requested = System.nanoTime();
            String id = stack.startOperation("""
                    {"kind": "postgres-failover", "target": "%s", "options": {"mode": "planned", "drain_seconds": 0}}"""
                    .formatted(CLUSTER)).get("id").asText();
            long promoted = Wait.until("us-east-2 promoted", OPERATION_TIMEOUT, POLL,
                    () -> stack.newPrimary().isInRecovery() ? null : System.nanoTime());
            long replicasStreaming = Wait.until("both asynchronous replicas streaming from us-east-2", OPERATION_TIMEOUT, POLL,
                    () -> streamingFrom(stack).containsAll(List.of(EU_WEST, AP_EAST)) ? System.nanoTime() : null);
            long regionalReads = Wait.until("every control plane reading from its region", OPERATION_TIMEOUT, POLL,
                    () -> readsSettled(stack, generationsBefore, regionalReadsAfter) ? System.nanoTime() : null);
            JsonNode done = stack.awaitOperation(id, "the planned failover", OPERATION_TIMEOUT, FailoverStack::completed);
            long completed = System.nanoTime();
            Wait.until("writes acknowledged again", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
            writer.awaitAcknowledged(writer.acknowledged().size() + 50);
            writer.close();
            if (!done.at("/result/new_primary").asText().equals(NEW_PRIMARY)) {
                throw new AssertionError("promoted " + done.at("/result/new_primary"));
            }
            return new Run(writer.longestGapBetweenAcknowledged().toMillis(), writer.refusalWindow().toMillis(), writer.refusals().size(),
                    writer.acknowledged().size(), (replicasStreaming - promoted) / 1_000_000, (regionalReads - promoted) / 1_000_000,
                    (completed - requested) / 1_000_000);
        }
    }

    private static java.util.Set<String> streamingFrom(FailoverStack stack) {
        try {
            return GuideTopologyFailoverIT.streamingFrom(stack.newPrimary()).keySet();
        } catch (Exception notYet) {
            throw new IllegalStateException(notYet);
        }
    }

    /**
     * Every process was switched and restarted by the failover (a higher generation), is healthy, the API writes to the new
     * primary, and each reads from its region's member. (In this failover the members each reads from do not change:
     * us-east reads from us-east-2 before as a replica and after as the primary; what is measured is how soon every
     * process is back on them.) One restarting or unreachable has not settled.
     */
    private static boolean readsSettled(FailoverStack stack, List<Long> generationsBefore, Map<String, Integer> expected) {
        try {
            List<JsonNode> statuses = stack.controlPlaneStatuses();
            for (int i = 0; i < statuses.size(); i++) {
                JsonNode status = statuses.get(i);
                if (!status.path("healthy").asBoolean() || status.path("generation").asLong() <= generationsBefore.get(i)) {
                    return false;
                }
            }
            return statuses.get(0).path("database").asText().contains(":" + stack.newPrimary().port() + "/")
                    && GuideTopologyFailoverIT.readsOf(stack).equals(expected);
        } catch (RuntimeException | AssertionError notYet) {
            return false;
        }
    }
}
