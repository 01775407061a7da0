package io.flowplane.systemtests;

import static io.flowplane.systemtests.FailoverStack.CLUSTER;
import static io.flowplane.systemtests.FailoverStack.NEW_PRIMARY;

import io.flowplane.testkit.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A benchmark harness, not a test (its name keeps it out of {@code scripts/test}): run it with
 * {@code scripts/bench/aurora/run}. For each run, on a fresh stack as an Aurora Global Database behind
 * the kit's RDS test double, an {@code aurora-switchover} while a client writes through the API every
 * 20 ms. It measures what Flowplane adds after RDS is done (from the double's end of the move to every
 * control plane reporting the new writer, and to the operation's end), and the window in which the API
 * refused writes. Results go to {@code target/aurora-switchover-bench.md}; it asserts nothing about time.
 */
class AuroraSwitchoverBenchmark {
    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(3);

    record Run(long rdsMoveMillis, long toControlPlanesMillis, long toCompletedMillis, long refusalWindowMillis, int refusals,
            int acknowledged, long operationMillis) {}

    @Test
    void measureSwitchovers() throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        List<Run> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(once());
        }
        StringBuilder table = new StringBuilder("| run | RDS move (request to done) | RDS done → every control plane on the new writer"
                + " | RDS done → operation completed | API writes refused (window, count) | acknowledged writes | whole operation |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < results.size(); i++) {
            Run r = results.get(i);
            table.append("| ").append(i + 1).append(" | ").append(r.rdsMoveMillis()).append(" ms | ").append(r.toControlPlanesMillis())
                    .append(" ms | ").append(r.toCompletedMillis()).append(" ms | ").append(r.refusalWindowMillis()).append(" ms, ")
                    .append(r.refusals()).append(" | ").append(r.acknowledged()).append(" | ").append(r.operationMillis()).append(" ms |\n");
        }
        Path out = Path.of("target", "aurora-switchover-bench.md");
        Files.writeString(out, table.toString());
        System.out.println(table);
    }

    private static Run once() throws Exception {
        try (FailoverStack stack = FailoverStack.startAsAuroraGlobalDatabase()) {
            BackgroundWriter writer = new BackgroundWriter(stack.api());
            writer.awaitAcknowledged(10);
            Instant requested = Instant.now();
            String id = stack.startOperation("""
                    {"kind": "aurora-switchover", "target": "%s", "options": {"promote": "%s", "drain_seconds": 0}}"""
                    .formatted(CLUSTER, NEW_PRIMARY)).get("id").asText();
            Instant rdsDone = Wait.until("RDS to finish the move", OPERATION_TIMEOUT, () -> stack.rds.moveEndedAt().orElse(null));
            String newWriter = ":" + stack.newPrimary().port() + "/";
            Instant controlPlanesMoved = Wait.until("every control plane on the new writer", OPERATION_TIMEOUT, () ->
                    stack.controlPlaneStatuses().stream().allMatch(s -> s.get("database").asText().contains(newWriter)) ? Instant.now() : null);
            stack.awaitOperation(id, "the switchover", OPERATION_TIMEOUT, FailoverStack::completed);
            Instant completed = Instant.now();
            Wait.until("writes acknowledged again", Duration.ofSeconds(60), writer::acknowledgedAfterLastRefusal);
            writer.close();
            return new Run(Duration.between(requested, rdsDone).toMillis(), Duration.between(rdsDone, controlPlanesMoved).toMillis(),
                    Duration.between(rdsDone, completed).toMillis(), writer.refusalWindow().toMillis(), writer.refusals().size(),
                    writer.acknowledged().size(), Duration.between(requested, completed).toMillis());
        }
    }
}
