package io.nextbest.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.function.Predicate;

/**
 * Every JSON string and time the API reads is checked where it is read, so a value the database cannot
 * store is a 400 naming its field (not a failed statement, a 500, half way through a request): text
 * must be {@link StorableText storable} (map keys too), times RFC 3339 text within {@link ApiTimes the API's
 * years}.
 */
@Singleton
public class RequestJson implements ObjectMapperCustomizer {

    /** A value Jackson read but the API refuses; its message is meant for the caller. */
    static final class RejectedValue extends JsonMappingException {
        RejectedValue(JsonParser parser, String message) {
            super(parser, message);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        // A body is one JSON value: what follows it is a sign of a broken or spliced request, not something to ignore.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // A key given twice means two readings of one body (a proxy may keep the first, Jackson the last).
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        refuseWrongTypes(mapper);
        mapper.registerModule(new SimpleModule("nextbest-request-values").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == String.class) {
                    return new Checked(deserializer, text -> StorableText.isStorable((String) text), StorableText.MESSAGE, false);
                }
                if (type == OffsetDateTime.class) {
                    return new Checked(deserializer, time -> ApiTimes.inRange((OffsetDateTime) time), ApiTimes.MESSAGE, true);
                }
                return deserializer;
            }

            @Override
            public KeyDeserializer modifyKeyDeserializer(DeserializationConfig config, JavaType type, KeyDeserializer deserializer) {
                return type.getRawClass() == String.class ? new CheckedKey(deserializer) : deserializer;
            }
        }));
    }

    /**
     * A value of the wrong JSON type is a 400, not a guess: Jackson would read "limit": 2.5 as 2, "dryRun": 2 as
     * true, "limit": "3" as 3, "" as no value, and 42 as the text "42". Free-form attributes keep any JSON value.
     */
    private static void refuseWrongTypes(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /** Keys of maps (attributes, scores, consents) are stored too. */
    private static final class CheckedKey extends KeyDeserializer {
        private final KeyDeserializer delegate;

        CheckedKey(KeyDeserializer delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (key != null && !StorableText.isStorable(key)) {
                throw new RejectedValue(context.getParser(), StorableText.MESSAGE);
            }
            return delegate.deserializeKey(key, context);
        }
    }

    /**
     * Jackson's own deserializer, then the check (a delegate, so annotations such as @JsonFormat still apply).
     * {@code textOnly}: only a non-blank string is read. Jackson would also read a time from a number (seconds
     * since 1970, where 1e400 silently becomes 1970) and a blank string as no time at all.
     */
    private static final class Checked extends DelegatingDeserializer {
        private final Predicate<Object> valid;
        private final String message;
        private final boolean textOnly;

        Checked(JsonDeserializer<?> delegate, Predicate<Object> valid, String message, boolean textOnly) {
            super(delegate);
            this.valid = valid;
            this.message = message;
            this.textOnly = textOnly;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Checked(newDelegatee, valid, message, textOnly);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (textOnly && (!parser.hasToken(JsonToken.VALUE_STRING) || parser.getText().isBlank())) {
                throw new RejectedValue(parser, message);
            }
            Object value = super.deserialize(parser, context);
            if (value != null && !valid.test(value)) {
                throw new RejectedValue(parser, message);
            }
            return value;
        }
    }
}
