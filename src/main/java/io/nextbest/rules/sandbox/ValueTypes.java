package io.nextbest.rules.sandbox;

import com.github.javaparser.ast.expr.BinaryExpr;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/** The types of what operators and calls give, as far as the sandbox needs them to follow values. */
final class ValueTypes {
    private static final Map<Class<?>, Class<?>> BOXES = Map.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, float.class, Float.class, boolean.class, Boolean.class, char.class,
            Character.class, short.class, Short.class, byte.class, Byte.class);
    private static final List<Class<?>> WIDENING = List.of(double.class, float.class, long.class, int.class);

    ValueType ofBinary(BinaryExpr.Operator operator, ValueType left, ValueType right) {
        switch (operator) {
            case OR, AND, EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS:
                return ValueType.of(boolean.class);
            case PLUS:
                if (isString(left) || isString(right)) {
                    return ValueType.of(String.class);
                }
                return wider(left, right);
            default:
                return wider(left, right);
        }
    }

    /**
     * What a call returns: the candidates' common return type, narrowed by the arguments' types where
     * overloads differ ({@code Math.max(int, int)} is an int).
     */
    ValueType returnType(List<Method> candidates, ValueType receiver, List<ValueType> arguments) {
        List<Method> fitting = candidates.stream().filter(method -> fits(method, arguments)).toList();
        List<Method> chosen = fitting.isEmpty() ? candidates : fitting;
        ValueType common = null;
        for (Method method : chosen) {
            ValueType returned = receiver.resolve(method.getGenericReturnType());
            if (common != null && !common.equals(returned)) {
                return ValueType.UNKNOWN;
            }
            common = returned;
        }
        return common == null ? ValueType.UNKNOWN : common;
    }

    private static boolean fits(Method method, List<ValueType> arguments) {
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length != arguments.size()) {
            return method.isVarArgs();
        }
        for (int i = 0; i < parameters.length; i++) {
            ValueType argument = arguments.get(i);
            if (argument.known() && !box(parameters[i]).isAssignableFrom(box(argument.raw()))) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(Class<?> type) {
        return BOXES.getOrDefault(type, type);
    }

    private static boolean isString(ValueType type) {
        return type.known() && type.raw() == String.class;
    }

    private static ValueType wider(ValueType left, ValueType right) {
        if (!left.known() || !right.known()) {
            return ValueType.UNKNOWN;
        }
        for (Class<?> numeric : WIDENING) {
            if (unbox(left.raw()) == numeric || unbox(right.raw()) == numeric) {
                return ValueType.of(numeric);
            }
        }
        return left;
    }

    private static Class<?> unbox(Class<?> type) {
        for (Map.Entry<Class<?>, Class<?>> box : BOXES.entrySet()) {
            if (box.getValue() == type) {
                return box.getKey();
            }
        }
        return type;
    }
}
