package io.nextbest.rules.sandbox;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a piece of rule code stands: a then-part, a function's body or a condition, with what it can see.
 *
 * @param functions       the rules' functions by name, with what they return
 * @param functionImports functions imported from Java ({@code import function java.lang.Math.max}): name to class
 * @param patternType     in a condition, the fact type whose properties bare names stand for
 * @param calls           told of every function this code calls (to find recursion)
 * @param firstLine       the line of the file the code's first line is on
 */
record CodeSite(Kind kind, TypeNames types, Map<String, ValueType> functions, Map<String, Class<?>> functionImports,
                ValueType patternType, Consumer<String> calls, int firstLine) {
    enum Kind {
        THEN_PART, FUNCTION, CONDITION
    }

    CodeSite at(int line) {
        return new CodeSite(kind, types, functions, functionImports, patternType, calls, line);
    }

    /** Java code that is neither a then-part nor a condition: no Drools helpers, no fact type. */
    CodeSite plainJava(int line) {
        return new CodeSite(Kind.FUNCTION, types, functions, functionImports, ValueType.UNKNOWN, calls, line);
    }

    CodeSite condition(ValueType pattern, int line) {
        return new CodeSite(Kind.CONDITION, types, functions, functionImports, pattern, calls, line);
    }
}
