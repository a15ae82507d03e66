package io.nextbest.rules.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What rules may use: the fact model (package {@code io.nextbest.facts}) and a small list of value types
 * (numbers, text, java.time values, collections, streams over them, Math). Everything else, from
 * {@code System} to {@code java.io}, reflection and threads, is refused. A few methods of allowed types are
 * refused too: they read the service's settings or clock, or can run without end.
 */
final class AllowedTypes {
    static final String FACTS_PACKAGE = "io.nextbest.facts";

    private static final Set<Class<?>> VALUE_TYPES = Set.of(
            // java.lang: numbers, text, Math
            Object.class, String.class, CharSequence.class, StringBuilder.class, Math.class, StrictMath.class,
            Number.class, Integer.class, Long.class, Double.class, Float.class, Short.class, Byte.class,
            Boolean.class, Character.class, Comparable.class, Iterable.class,
            // what a then-part may throw to fail the decision
            RuntimeException.class, IllegalStateException.class, IllegalArgumentException.class,
            UnsupportedOperationException.class, ArithmeticException.class,
            BigDecimal.class, BigInteger.class, MathContext.class, RoundingMode.class,
            // java.time values (the time itself comes from the facts: Context.now)
            Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class, LocalDateTime.class,
            ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class, ZoneId.class, ZoneOffset.class,
            DayOfWeek.class, Month.class, Year.class, YearMonth.class, MonthDay.class, ChronoUnit.class,
            ChronoField.class, TemporalAdjusters.class, DateTimeFormatter.class, Locale.class,
            // collections, read or built locally
            Collection.class, List.class, ArrayList.class, LinkedList.class, Set.class, HashSet.class,
            LinkedHashSet.class, TreeSet.class, SortedSet.class, Map.class, Map.Entry.class, HashMap.class,
            LinkedHashMap.class, TreeMap.class, SortedMap.class, Collections.class, Arrays.class, Objects.class,
            Optional.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class, Iterator.class,
            Comparator.class, Stream.class, IntStream.class, LongStream.class, DoubleStream.class,
            Collectors.class, Function.class, BiFunction.class, Predicate.class, Supplier.class, Consumer.class,
            BinaryOperator.class, UnaryOperator.class, ToIntFunction.class, ToLongFunction.class,
            ToDoubleFunction.class,
            // drools.getRule(): a rule may read its own name
            org.kie.api.definition.rule.Rule.class, RuleHelper.class);

    /** Refused on every type: they reach the class, the monitor or the object's copy. */
    private static final Map<String, String> DENIED_EVERYWHERE = Map.of(
            "getClass", "",
            "wait", "",
            "notify", "",
            "notifyAll", "",
            "finalize", "");

    /** Refused methods of allowed types, with the reason an analyst is given. */
    private static final Map<String, String> DENIED = Map.ofEntries(
            Map.entry("Integer.getInteger", "it reads the service's settings"),
            Map.entry("Long.getLong", "it reads the service's settings"),
            Map.entry("Boolean.getBoolean", "it reads the service's settings"),
            Map.entry("ZoneId.systemDefault", "it reads the service's settings: use the customer's timezone"),
            Map.entry("Locale.getDefault", "it reads the service's settings: use Locale.ROOT"),
            Map.entry("Locale.setDefault", "it changes the whole service"),
            Map.entry("String.matches", "regular expressions can run for ever: compare with equals, startsWith, contains"),
            Map.entry("String.replaceAll", "regular expressions can run for ever: use replace"),
            Map.entry("String.replaceFirst", "regular expressions can run for ever: use replace"),
            Map.entry("String.split", "regular expressions can run for ever"),
            Map.entry("String.repeat", "it can fill the memory"),
            Map.entry("Collections.nCopies", "it can make a list to loop over for ever"),
            Map.entry("Stream.iterate", "it makes an endless stream"),
            Map.entry("Stream.generate", "it makes an endless stream"),
            Map.entry("IntStream.iterate", "it makes an endless stream"),
            Map.entry("IntStream.generate", "it makes an endless stream"),
            Map.entry("IntStream.range", "it can loop for billions of turns: loop over a collection"),
            Map.entry("IntStream.rangeClosed", "it can loop for billions of turns: loop over a collection"),
            Map.entry("LongStream.iterate", "it makes an endless stream"),
            Map.entry("LongStream.generate", "it makes an endless stream"),
            Map.entry("LongStream.range", "it can loop for billions of turns: loop over a collection"),
            Map.entry("LongStream.rangeClosed", "it can loop for billions of turns: loop over a collection"),
            Map.entry("DoubleStream.iterate", "it makes an endless stream"),
            Map.entry("DoubleStream.generate", "it makes an endless stream"),
            Map.entry("Stream.parallel", "it runs on the service's shared threads"),
            Map.entry("IntStream.parallel", "it runs on the service's shared threads"),
            Map.entry("LongStream.parallel", "it runs on the service's shared threads"),
            Map.entry("DoubleStream.parallel", "it runs on the service's shared threads"),
            Map.entry("Collection.parallelStream", "it runs on the service's shared threads"));

    /** Types whose static {@code now()} reads the real clock: decisions take their time from the facts. */
    private static final String CLOCK_READ = "now";

    private static final Set<String> ALLOWED_METHOD_NAMES = allowedMethodNames();

    private AllowedTypes() {
    }

    /** A type rules may name, hold, create and call (arrays of one, and primitives, included). */
    static boolean isAllowed(Class<?> type) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        return type.isPrimitive() || type == void.class || VALUE_TYPES.contains(type) || isFact(type);
    }

    static boolean isFact(Class<?> type) {
        return type.getPackageName().equals(FACTS_PACKAGE);
    }

    /**
     * Why rules may not call {@code method} of {@code type} (a type that is itself allowed), or empty.
     * The method is looked up where it is declared, so {@code ArrayList.parallelStream} is Collection's.
     */
    static java.util.Optional<String> refusalOf(Class<?> type, String method, Class<?> declaring) {
        if (DENIED_EVERYWHERE.containsKey(method)) {
            return java.util.Optional.of("rules may not call " + method + "()");
        }
        for (Class<?> owner : new Class<?>[] {type, declaring}) {
            String key = owner.getSimpleName() + "." + method;
            if (DENIED.containsKey(key)) {
                return java.util.Optional.of("rules may not call " + key + ": " + DENIED.get(key));
            }
        }
        if (method.equals(CLOCK_READ) && type.getPackageName().startsWith("java.time")) {
            return java.util.Optional.of("rules may not call " + type.getSimpleName()
                    + ".now: take the time from the facts (Context's now)");
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether a method of this name is one rules may call on some allowed type. A value whose type the
     * sandbox cannot tell (a lambda's parameter, what a generic method returns) can only have come from
     * the facts or an allowed call, so asking it for such a method is safe.
     */
    static boolean isAllowedMethodName(String method) {
        return ALLOWED_METHOD_NAMES.contains(method);
    }

    /** How a refused type is named to the analyst: java.lang's by their simple name. */
    static String nameOf(Class<?> type) {
        if (type == RuleHelper.class) {
            return "drools";
        }
        return type.getPackageName().equals("java.lang") ? type.getSimpleName() : type.getName().replace('$', '.');
    }

    private static Set<String> allowedMethodNames() {
        Set<String> names = new HashSet<>();
        for (Class<?> type : VALUE_TYPES) {
            for (java.lang.reflect.Method method : type.getMethods()) {
                if (refusalOf(type, method.getName(), method.getDeclaringClass()).isEmpty()) {
                    names.add(method.getName());
                }
            }
        }
        return Set.copyOf(names);
    }
}
