package io.nextbest.rules.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the class a type name in a rule file stands for, as Drools would: a qualified name as it is, a
 * simple name through the file's imports, the types the rules declare, and java.lang. Classes are looked up
 * without being initialised, so naming a class runs none of its code.
 */
final class TypeNames {
    private static final Map<String, Class<?>> PRIMITIVES = Map.of("int", int.class, "long", long.class,
            "double", double.class, "float", float.class, "boolean", boolean.class, "char", char.class,
            "short", short.class, "byte", byte.class, "void", void.class);

    private final List<String> imports;
    private final Set<String> declaredTypes;
    private final ClassLoader classes = TypeNames.class.getClassLoader();

    /**
     * @param imports       the file's imports as written ({@code io.nextbest.facts.*}, {@code java.util.List})
     * @param declaredTypes the names of the types the rules declare ({@code declare Offer ... end})
     */
    TypeNames(List<String> imports, Set<String> declaredTypes) {
        this.imports = List.copyOf(imports);
        this.declaredTypes = Set.copyOf(declaredTypes);
    }

    boolean isDeclared(String name) {
        return declaredTypes.contains(stripGenerics(name));
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

    private Optional<Class<?>> load(String name) {
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
