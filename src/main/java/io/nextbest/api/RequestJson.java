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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every JSON string and time the API reads is checked where it is read, so a value the database cannot
 * store is a 400 naming its field (not a failed statement, a 500, half way through a request): text
 * must be {@link StorableText storable} (map keys too, at any depth), numbers finite, times RFC 3339 text within
 * {@link ApiTimes the API's years}, and the body {@link StrictUtf8 well-formed UTF-8}.
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
        mapper.getFactory().setInputDecorator(new StrictUtf8());
        refuseWrongTypes(mapper);
        mapper.registerModule(new SimpleModule("nextbest-request-values").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                if (type == String.class) {
                    return new Checked(deserializer, text -> StorableText.isStorable((String) text), StorableText.MESSAGE, null);
                }
                if (type == OffsetDateTime.class) {
                    return new Checked(deserializer, time -> ApiTimes.inRange((OffsetDateTime) time), ApiTimes.MESSAGE,
                            ApiTimes::isRfc3339);
                }
                if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
                    return new Checked(deserializer, number -> Double.isFinite(((Number) number).doubleValue()),
                            FiniteNumbers.MESSAGE, null);
                }
                if (type == Object.class) {
                    return new CheckedTree(deserializer);
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
     * {@code text}: only a string it accepts is read. Jackson would also read a time from a number or a string of
     * digits (seconds since 1970: "2026" is a moment of 1970, 1e400 silently 1970 too) and a blank string as no
     * time at all.
     */
    private static final class Checked extends DelegatingDeserializer {
        private final Predicate<Object> valid;
        private final String message;
        private final Predicate<String> text;

        Checked(JsonDeserializer<?> delegate, Predicate<Object> valid, String message, Predicate<String> text) {
            super(delegate);
            this.valid = valid;
            this.message = message;
            this.text = text;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Checked(newDelegatee, valid, message, text);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (text != null && (!parser.hasToken(JsonToken.VALUE_STRING) || !text.test(parser.getText()))) {
                throw new RejectedValue(parser, message);
            }
            Object value = super.deserialize(parser, context);
            if (value != null && !valid.test(value)) {
                throw new RejectedValue(parser, message);
            }
            return value;
        }
    }

    /**
     * A free-form value (attributes, context): whatever JSON it holds, at any depth, must be storable. Jackson reads
     * nested objects and arrays itself, past the key and number checks above, so the value is walked once read.
     */
    private static final class CheckedTree extends DelegatingDeserializer {
        CheckedTree(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new CheckedTree(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            check(value, parser);
            return value;
        }

        private static void check(Object value, JsonParser parser) throws RejectedValue {
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    if (!StorableText.isStorable(key)) {
                        throw new RejectedValue(parser, StorableText.MESSAGE); // named by the object that holds it
                    }
                    try {
                        check(entry.getValue(), parser);
                    } catch (RejectedValue inside) {
                        throw at(inside, map, key);
                    }
                }
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    try {
                        check(list.get(i), parser);
                    } catch (RejectedValue inside) {
                        inside.prependPath(list, i);
                        throw inside;
                    }
                }
            } else if (value instanceof String text && !StorableText.isStorable(text)) {
                throw new RejectedValue(parser, StorableText.MESSAGE);
            } else if (value instanceof Number number && !FiniteNumbers.isFinite(number)) {
                throw new RejectedValue(parser, FiniteNumbers.MESSAGE);
            }
        }

        private static RejectedValue at(RejectedValue rejected, Map<?, ?> map, String key) {
            rejected.prependPath(map, key);
            return rejected;
        }
    }

    /** Numbers a double holds: JSON has no infinity, and 1e400 read as one would be stored as "Infinity". */
    static final class FiniteNumbers {
        static final String MESSAGE = "must be a finite number (at most about 1.8e308)";

        private FiniteNumbers() {
        }

        static boolean isFinite(Number number) {
            return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
        }
    }
}
