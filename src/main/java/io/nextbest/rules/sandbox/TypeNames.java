package io.nextbest.rules.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the class a type name in a rule file stands for, as Drools would: a qualified name as it is, a
 * simple name through the file's imports, the types the rules declare, and java.lang. Classes are looked up
 * without being initialised, so naming a class runs none of its code.
 */
final class TypeNames {
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "boolean", boolean.class, "char", char.class,
            "short", short.class, "byte", byte.class, "void", void.class);

    /** Beyond this many names (the analysts choose them) the memory starts afresh. */
    private static final int MAX_REMEMBERED = 20_000;
    private static final Map<String, Optional<Class<?>>> LOOKED_UP = new ConcurrentHashMap<>();

    private final List<String> imports;
    private final Set<String> declaredTypes;
    private final Set<String> declaredFields;
    private final ClassLoader classes = TypeNames.class.getClassLoader();

    /**
     * @param imports       the file's imports as written ({@code io.nextbest.facts.*}, {@code java.util.List})
     * @param declaredTypes  the names of the types the rules declare ({@code declare Offer ... end})
     * @param declaredFields the names of their fields
     */
    TypeNames(List<String> imports, Set<String> declaredTypes, Set<String> declaredFields) {
        this.imports = List.copyOf(imports);
        this.declaredTypes = Set.copyOf(declaredTypes);
        this.declaredFields = Set.copyOf(declaredFields);
    }

    boolean isDeclared(String name) {
        return declaredTypes.contains(stripGenerics(name));
    }

    /**
     * Whether a property or method is one Drools generates for a declared type's field ({@code percent},
     * {@code getPercent}, {@code setPercent}): the sandbox does not follow declared types' values, but they
     * only hold allowed values.
     */
    boolean isDeclaredMember(String name) {
        if (declaredFields.contains(name)) {
            return true;
        }
        for (String prefix : List.of("get", "set", "is")) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String field = name.substring(prefix.length());
                String decapitalised = Character.toLowerCase(field.charAt(0)) + field.substring(1);
                if (declaredFields.contains(decapitalised)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The class a name stands for ({@code List<Candidate>} is List, {@code int[]} an int array), or empty. */
    Optional<Class<?>> resolve(String written) {
        String name = stripGenerics(written).strip();
        int dimensions = 0;
        while (name.endsWith("[]")) {
            name = name.substring(0, name.length() - 2).strip();
            dimensions++;
        }
        Optional<Class<?>> found = resolveSimpleOrQualified(name);
        for (int i = 0; i < dimensions && found.isPresent(); i++) {
            found = Optional.of(found.get().arrayType());
        }
        return found;
    }

    private Optional<Class<?>> resolveSimpleOrQualified(String name) {
        if (PRIMITIVES.containsKey(name)) {
            return Optional.of(PRIMITIVES.get(name));
        }
        if (name.contains(".")) {
            Optional<Class<?>> qualified = loadNested(name);
            if (qualified.isPresent()) {
                return qualified;
            }
            // Map.Entry: a simple name, then a nested class
            int dot = name.indexOf('.');
            return resolveSimpleOrQualified(name.substring(0, dot))
                    .flatMap(outer -> loadNested(outer.getName() + "." + name.substring(dot + 1)));
        }
        for (String imported : imports) {
            if (imported.endsWith("." + name)) {
                return loadNested(imported);
            }
        }
        for (String imported : imports) {
            if (imported.endsWith(".*")) {
                Optional<Class<?>> found = loadNested(imported.substring(0, imported.length() - 1) + name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return load("java.lang." + name);
    }

    /** a.b.C.D as the class a.b.C$D when a.b.C.D is no class itself. */
    private Optional<Class<?>> loadNested(String name) {
        String candidate = name;
        while (true) {
            Optional<Class<?>> found = load(candidate);
            if (found.isPresent()) {
                return found;
            }
            int dot = candidate.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
        }
    }

    /**
     * Remembered, found or not: each simple name is tried against every wildcard import, and in the packaged
     * service each miss would open the application's jar again (see ClassLookups). The classes the sandbox
     * looks up never change while the service runs.
     */
    private Optional<Class<?>> load(String name) {
        Optional<Class<?>> known = LOOKED_UP.get(name);
        if (known == null) {
            known = lookUp(name);
            if (LOOKED_UP.size() >= MAX_REMEMBERED) {
                LOOKED_UP.clear();
            }
            LOOKED_UP.put(name, known);
        }
        return known;
    }

    private Optional<Class<?>> lookUp(String name) {
        try {
            return Optional.of(Class.forName(name, false, classes));
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
    }

    static String stripGenerics(String name) {
        int angle = name.indexOf('<');
        if (angle < 0) {
            return name;
        }
        int close = name.lastIndexOf('>');
        return name.substring(0, angle) + (close > angle ? name.substring(close + 1) : "");
    }
}
