package io.nextbest.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader rulesets are compiled and run with: the application's, with every class lookup
 * remembered, found or not. Drools and MVEL resolve each identifier of a rule against every import
 * (`current` as {@code io.nextbest.facts.current}, and so on), at compile time and again while a new
 * ruleset's constraints are still interpreted. In the packaged service each such miss reopened the
 * application's jar, because Quarkus keeps only four jars open after start-up: a 1,000-rule reload spent
 * about five seconds opening jars. The application's classes never change while it runs, and classes the
 * rules declare live in Drools' own loaders below this one, so a lookup's answer holds for good.
 */
final class ClassLookups extends ClassLoader {
    /** Beyond this many names (rule identifiers are the analysts' to choose) the memory starts afresh. */
    static final int MAX_REMEMBERED = 20_000;
    private static final Object MISSING = new Object();

    private final Map<String, Object> remembered = new ConcurrentHashMap<>();

    ClassLookups(ClassLoader application) {
        super(application);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Object known = remembered.get(name);
        if (known == null) {
            // Not computeIfAbsent: loading may ask this loader again, which a map's compute must not see.
            known = lookUp(name);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
            remembered.put(name, known);
        }
        if (known == MISSING) {
            throw new Absent(name);
        }
        return (Class<?>) known;
    }

    private Object lookUp(String name) {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException absent) {
            return MISSING;
        }
    }

    /** Thrown for every remembered miss, and caught by the lookup's caller: its stack would never be read. */
    private static final class Absent extends ClassNotFoundException {
        Absent(String name) {
            super(name);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** How many lookups are remembered (for tests). */
    int size() {
        return remembered.size();
    }
}
