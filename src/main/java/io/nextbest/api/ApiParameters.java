package io.nextbest.api;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Reads path and query parameters so a bad one is a 400 naming it. JAX-RS answers a query parameter it
 * cannot convert with 404, as if the endpoint did not exist, and a NUL character in an id would reach the
 * database and fail there (a 500); times get the same limits as in bodies.
 */
@Provider
public class ApiParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = nameOf(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == String.class) {
            return (ParamConverter<T>) new Converter<>(text -> {
                if (!StorableText.isStorable(text)) {
                    throw new InvalidParameterException(name, StorableText.MESSAGE);
                }
                return text;
            });
        }
        if (rawType == OffsetDateTime.class) {
            return (ParamConverter<T>) new Converter<>(text -> {
                OffsetDateTime time;
                if (!ApiTimes.isRfc3339(text)) {
                    throw new InvalidParameterException(name, ApiTimes.MESSAGE);
                }
                try {
                    time = OffsetDateTime.parse(text);
                } catch (DateTimeParseException notATime) {
                    throw new InvalidParameterException(name, ApiTimes.MESSAGE);
                }
                if (!ApiTimes.inRange(time)) {
                    throw new InvalidParameterException(name, ApiTimes.MESSAGE);
                }
                return time;
            });
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Converter<>(text -> {
                try {
                    return Integer.valueOf(text.strip());
                } catch (NumberFormatException notANumber) {
                    throw new InvalidParameterException(name, "must be a whole number");
                }
            });
        }
        return null;
    }

    private static String nameOf(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof PathParam path) {
                return path.value();
            }
        }
        return null;
    }

    private record Converter<T>(Function<String, T> parse) implements ParamConverter<T> {
        @Override
        public T fromString(String value) {
            return value == null ? null : parse.apply(value);
        }

        @Override
        public String toString(T value) {
            return value == null ? null : value.toString();
        }
    }
}
