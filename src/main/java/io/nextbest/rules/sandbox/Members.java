package io.nextbest.rules.sandbox;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The public methods, properties and fields of a type, found by reflection on the application's classes. */
final class Members {
    private Members() {
    }

    /** The public methods named so that take this many arguments (varargs included); Object's too for interfaces. */
    static List<Method> methods(Class<?> type, String name, int arguments) {
        List<Method> found = new ArrayList<>();
        List<Method> all = new ArrayList<>(List.of(type.getMethods()));
        if (type.isInterface()) {
            all.addAll(List.of(Object.class.getMethods()));
        }
        for (Method method : all) {
            int parameters = method.getParameterCount();
            boolean fits = parameters == arguments || (method.isVarArgs() && arguments >= parameters - 1);
            if (method.getName().equals(name) && fits) {
                found.add(method);
            }
        }
        return found;
    }

    /** The getter a property stands for in a condition ({@code channel} is {@code getChannel()} or {@code isChannel()}). */
    static Optional<Method> getter(Class<?> type, String property) {
        String capitalised = property.isEmpty() ? property
                : property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        for (String name : List.of("get" + capitalised, "is" + capitalised, property)) {
            List<Method> candidates = methods(type, name, 0);
            if (!candidates.isEmpty()) {
                return Optional.of(candidates.get(0));
            }
        }
        return Optional.empty();
    }

    static Optional<Field> field(Class<?> type, String name) {
        try {
            Field field = type.getField(name);
            return Optional.of(field);
        } catch (NoSuchFieldException absent) {
            return Optional.empty();
        }
    }

    static boolean isStatic(Method method) {
        return Modifier.isStatic(method.getModifiers());
    }

    /** The single abstract method of a functional interface (a lambda's shape), if the type is one. */
    static Optional<Method> functionalMethod(Class<?> type) {
        if (!type.isInterface()) {
            return Optional.empty();
        }
        Method single = null;
        for (Method method : type.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method)) {
                if (single != null) {
                    return Optional.empty();
                }
                single = method;
            }
        }
        return Optional.ofNullable(single);
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException notObjects) {
            return false;
        }
    }
}
