package io.nextbest.rules.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The variables visible at a point of a rule's code, with their types: bindings, globals, locals, parameters. */
final class Scope {
    private final Scope parent;
    private final Map<String, ValueType> variables = new HashMap<>();

    Scope(Map<String, ValueType> variables) {
        this((Scope) null);
        this.variables.putAll(variables);
    }

    private Scope(Scope parent) {
        this.parent = parent;
    }

    Scope child() {
        return new Scope(this);
    }

    void declare(String name, ValueType type) {
        variables.put(name, type);
    }

    Optional<ValueType> lookUp(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            ValueType type = scope.variables.get(name);
            if (type != null) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
