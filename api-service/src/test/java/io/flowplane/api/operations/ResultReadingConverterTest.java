package io.flowplane.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowplane.workflows.activity.ConfigSnapshot;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A result written by a newer worker, with a field this API does not know. */
class ResultReadingConverterTest {
    private static final Map<String, Object> FROM_A_NEWER_WORKER = Map.of(
            "member", "east", "revision", 42, "counts", Map.of("teams", 1), "checksum", "added later");

    @Test
    void theApiReadsItAndSkipsTheUnknownField() {
        DataConverter converter = ResultReadingConverter.create();
        Payload payload = converter.toPayload(FROM_A_NEWER_WORKER).orElseThrow();

        ConfigSnapshot read = converter.fromPayload(payload, ConfigSnapshot.class, ConfigSnapshot.class);

        assertThat(read).isEqualTo(new ConfigSnapshot("east", 42, Map.of("teams", 1L)));
    }

    @Test
    void temporalsDefaultWouldHaveFailedTheRequest() {
        DataConverter strict = DefaultDataConverter.newDefaultInstance();
        Optional<Payload> payload = strict.toPayload(FROM_A_NEWER_WORKER);

        assertThatThrownBy(() -> strict.fromPayload(payload.orElseThrow(), ConfigSnapshot.class, ConfigSnapshot.class))
                .isInstanceOf(DataConverterException.class)
                .hasStackTraceContaining("checksum");
    }
}
