package io.nextbest.rules.sandbox;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;

/**
 * The type of a value in a rule, as far as the sandbox can tell: a class with its type arguments
 * ({@code List<Candidate>}), or unknown. Generic types are followed so that an element taken from a
 * list of candidates is known to be a candidate.
 */
record ValueType(Class<?> raw, List<ValueType> arguments) {
    static final ValueType UNKNOWN = new ValueType(null, List.of());

    static ValueType of(Class<?> raw) {
        return new ValueType(raw, List.of());
    }

    boolean known() {
        return raw != null;
    }

    /** The type of the elements when this is iterated over (for-each), or unknown. */
    ValueType elementType() {
        if (!known()) {
            return UNKNOWN;
        }
        if (raw.isArray()) {
            return of(raw.getComponentType());
        }
        List<ValueType> iterable = argumentsAs(Iterable.class);
        return iterable.isEmpty() ? UNKNOWN : iterable.get(0);
    }

    /** A reflected (generic) type, with the type variables of this type's class and its supertypes filled in. */
    ValueType resolve(Type type) {
        if (type instanceof Class<?> plain) {
            return of(plain);
        }
        if (type instanceof ParameterizedType parameterized) {
            List<ValueType> arguments = new ArrayList<>();
            for (Type argument : parameterized.getActualTypeArguments()) {
                arguments.add(resolve(argument));
            }
            return new ValueType((Class<?>) parameterized.getRawType(), arguments);
        }
        if (type instanceof WildcardType wildcard) {
            Type[] lower = wildcard.getLowerBounds();
            return resolve(lower.length > 0 ? lower[0] : wildcard.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> variable && variable.getGenericDeclaration() instanceof Class<?> owner) {
            List<ValueType> arguments = argumentsAs(owner);
            TypeVariable<?>[] parameters = owner.getTypeParameters();
            for (int i = 0; i < parameters.length && i < arguments.size(); i++) {
                if (parameters[i].getName().equals(variable.getName())) {
                    return arguments.get(i);
                }
            }
            return UNKNOWN;
        }
        if (type instanceof GenericArrayType array) {
            ValueType component = resolve(array.getGenericComponentType());
            return component.known() ? of(component.raw.arrayType()) : UNKNOWN;
        }
        // A method's own type variable (what Stream.map returns): not inferred.
        return UNKNOWN;
    }

    /** This type's arguments as seen from a supertype: a {@code List<Candidate>} is an {@code Iterable<Candidate>}. */
    List<ValueType> argumentsAs(Class<?> supertype) {
        if (!known() || !supertype.isAssignableFrom(raw)) {
            return List.of();
        }
        if (raw == supertype) {
            return arguments;
        }
        List<Type> parents = new ArrayList<>(List.of(raw.getGenericInterfaces()));
        if (raw.getGenericSuperclass() != null) {
            parents.add(raw.getGenericSuperclass());
        }
        for (Type parent : parents) {
            ValueType resolved = resolve(parent);
            if (resolved.known() && supertype.isAssignableFrom(resolved.raw)) {
                return resolved.argumentsAs(supertype);
            }
        }
        return List.of();
    }

    @Override
    public String toString() {
        return known() ? raw.getSimpleName() : "unknown";
    }
}
