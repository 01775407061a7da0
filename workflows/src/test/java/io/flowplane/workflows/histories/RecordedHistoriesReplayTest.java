package io.flowplane.workflows.histories;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * Runs in flight when a worker is replaced replay on the new code. Every history recorded by
 * {@link RecordHistoriesTest} must replay without a non-determinism error; a change that breaks one
 * needs a {@code Workflow.getVersion} marker (see docs/failover.md, "Upgrading workers and the API").
 */
class RecordedHistoriesReplayTest {
    static final List<String> FILES = RecordedHistories.FILES;

    @ParameterizedTest
    @FieldSource("FILES")
    void replaysOnTheCurrentCode(String file) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(load(file), RecordedHistories.IMPLEMENTATIONS[0],
                RecordedHistories.others());
    }

    @Test
    void everyRecordedHistoryIsReplayed() throws URISyntaxException, IOException {
        Path folder = Path.of(getClass().getClassLoader().getResource(RecordedHistories.FOLDER).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")))
                    .containsExactlyInAnyOrderElementsOf(FILES);
        }
    }

    private static WorkflowExecutionHistory load(String file) throws IOException {
        try (InputStream in = RecordedHistoriesReplayTest.class.getClassLoader()
                .getResourceAsStream(RecordedHistories.FOLDER + file)) {
            assertThat(in).as(file).isNotNull();
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
