package io.flowplane.api.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * How request bodies are read: JSON types as documented. Jackson's default would take 12345 for a
 * name, "80" or 80.9 for a port, and the last of two equal keys; each of those is refused instead,
 * naming the field, as are strings with control characters.
 */
public final class RequestJson {
    private RequestJson() {}

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean,
                CoercionInputShape.Float);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Integer);
        return mapper.registerModule(new SimpleModule("flowplane-request-text").addDeserializer(String.class, new StrictText()));
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** A string field holding text Flowplane refuses (see {@link SafeText}). */
    public static final class UnsafeText extends MismatchedInputException {
        UnsafeText(JsonParser parser, String message) {
            super(parser, message, String.class);
        }
    }

    private static final class StrictText extends StdScalarDeserializer<String> {
        StrictText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null) {
                var problem = SafeText.problemInText(value);
                if (problem.isPresent()) {
                    throw new UnsafeText(parser, problem.get());
                }
            }
            return value;
        }
    }
}
