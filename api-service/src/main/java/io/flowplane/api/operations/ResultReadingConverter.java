package io.flowplane.api.operations;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The API's Temporal data converter. It reads workflow results and query answers written by a newer
 * worker: a field this API does not know yet is skipped instead of failing the request, so workers can
 * be upgraded before the API. Workers keep Temporal's strict default for their inputs, where an
 * unknown field (a new safety flag, say) must not be silently ignored.
 */
public final class ResultReadingConverter {
    private ResultReadingConverter() {}

    public static DataConverter create() {
        ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return DefaultDataConverter.newDefaultInstance()
                .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
    }
}
