package io.nextbest.rules.sandbox;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.TypePatternExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a then-part, a function's body or a condition, parsed as Java, and finds what rules may not do:
 * every call, object creation, field, type and loop is checked against {@link AllowedTypes}, with the
 * types of values followed from the rule's bindings, globals and local variables. What the sandbox cannot
 * read is refused, never let through.
 */
final class CodeCheck {
    private static final String LOOP_ADVICE = ": loop over a collection with for (x : list)";

    private final CodeSite site;
    private final Set<Finding> findings = new LinkedHashSet<>();
    private final ValueTypes valueTypes = new ValueTypes();
    /** The turns of the counting loops around the code being checked, multiplied. */
    private long enclosingTurns = 1;

    CodeCheck(CodeSite site) {
        this.site = site;
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    void refuse(Node node, String message) {
        int line = node.getBegin().map(position -> position.line).orElse(1);
        findings.add(new Finding(site.firstLine() + line - 1, message));
    }

    // ---- statements

    void statement(Statement statement, Scope scope) {
        if (statement instanceof BlockStmt block) {
            Scope inner = scope.child();
            block.getStatements().forEach(each -> statement(each, inner));
        } else if (statement instanceof ExpressionStmt expression) {
            expression(expression.getExpression(), scope);
        } else if (statement instanceof IfStmt ifStmt) {
            expression(ifStmt.getCondition(), scope);
            statement(ifStmt.getThenStmt(), scope.child());
            ifStmt.getElseStmt().ifPresent(otherwise -> statement(otherwise, scope.child()));
        } else if (statement instanceof ForEachStmt forEach) {
            ValueType element = expression(forEach.getIterable(), scope).elementType();
            Scope inner = scope.child();
            for (VariableDeclarator variable : forEach.getVariable().getVariables()) {
                inner.declare(variable.getNameAsString(), variable.getType().isVarType() ? element
                        : declaredType(variable.getType()));
            }
            statement(forEach.getBody(), inner);
        } else if (statement instanceof ForStmt forStmt) {
            BoundedLoops.refusal(forStmt).ifPresent(message -> refuse(forStmt, message));
            long outerTurns = enclosingTurns;
            long turns = Math.max(1, BoundedLoops.turns(forStmt).orElse(1));
            enclosingTurns = outerTurns > Long.MAX_VALUE / turns ? Long.MAX_VALUE : outerTurns * turns;
            if (enclosingTurns > BoundedLoops.LARGEST_COUNT && outerTurns <= BoundedLoops.LARGEST_COUNT) {
                refuse(forStmt, "rules may not nest counting loops for more than " + BoundedLoops.LARGEST_COUNT
                        + " turns in all: loop over a collection with for (x : list)");
            }
            Scope inner = scope.child();
            forStmt.getInitialization().forEach(init -> expression(init, inner));
            forStmt.getCompare().ifPresent(compare -> expression(compare, inner));
            forStmt.getUpdate().forEach(update -> expression(update, inner));
            statement(forStmt.getBody(), inner);
            enclosingTurns = outerTurns;
        } else if (statement instanceof WhileStmt) {
            refuse(statement, "rules may not loop with while" + LOOP_ADVICE);
        } else if (statement instanceof DoStmt) {
            refuse(statement, "rules may not loop with do ... while" + LOOP_ADVICE);
        } else if (statement instanceof ReturnStmt returnStmt) {
            returnStmt.getExpression().ifPresent(value -> expression(value, scope));
        } else if (statement instanceof ThrowStmt throwStmt) {
            expression(throwStmt.getExpression(), scope);
        } else if (statement instanceof SwitchStmt switchStmt) {
            expression(switchStmt.getSelector(), scope);
            switchEntries(switchStmt.getEntries(), scope);
        } else if (statement instanceof LabeledStmt labeled) {
            statement(labeled.getStatement(), scope);
        } else if (statement instanceof YieldStmt yield) {
            expression(yield.getExpression(), scope);
        } else if (!(statement instanceof BreakStmt || statement instanceof ContinueStmt
                || statement instanceof EmptyStmt)) {
            refuse(statement, "rules may not use " + kindOf(statement));
        }
    }

    private void switchEntries(NodeList<SwitchEntry> entries, Scope scope) {
        for (SwitchEntry entry : entries) {
            Scope inner = scope.child();
            entry.getLabels().forEach(label -> {
                if (!(label instanceof NameExpr)) {
                    expression(label, inner);
                }
            });
            entry.getStatements().forEach(each -> statement(each, inner));
        }
    }

    // ---- expressions: each returns the value's type, as far as it is known

    ValueType expression(Expression expression, Scope scope) {
        if (expression instanceof StringLiteralExpr || expression instanceof TextBlockLiteralExpr) {
            return ValueType.of(String.class);
        } else if (expression instanceof IntegerLiteralExpr) {
            return ValueType.of(int.class);
        } else if (expression instanceof LongLiteralExpr) {
            return ValueType.of(long.class);
        } else if (expression instanceof DoubleLiteralExpr) {
            return ValueType.of(double.class);
        } else if (expression instanceof BooleanLiteralExpr) {
            return ValueType.of(boolean.class);
        } else if (expression instanceof CharLiteralExpr) {
            return ValueType.of(char.class);
        } else if (expression instanceof NullLiteralExpr) {
            return ValueType.UNKNOWN;
        } else if (expression instanceof EnclosedExpr enclosed) {
            return expression(enclosed.getInner(), scope);
        } else if (expression instanceof NameExpr name) {
            return name(name, scope);
        } else if (expression instanceof MethodCallExpr call) {
            return call(call, scope);
        } else if (expression instanceof FieldAccessExpr access) {
            return fieldAccess(access, scope);
        } else if (expression instanceof ObjectCreationExpr creation) {
            return creation(creation, scope);
        } else if (expression instanceof VariableDeclarationExpr declaration) {
            declareVariables(declaration, scope);
            return ValueType.UNKNOWN;
        } else if (expression instanceof AssignExpr assign) {
            ValueType target = expression(assign.getTarget(), scope);
            expression(assign.getValue(), scope);
            return target;
        } else if (expression instanceof BinaryExpr binary) {
            return valueTypes.ofBinary(binary.getOperator(), expression(binary.getLeft(), scope),
                    expression(binary.getRight(), scope));
        } else if (expression instanceof UnaryExpr unary) {
            ValueType operand = expression(unary.getExpression(), scope);
            return unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT ? ValueType.of(boolean.class) : operand;
        } else if (expression instanceof ConditionalExpr conditional) {
            expression(conditional.getCondition(), scope);
            ValueType then = expression(conditional.getThenExpr(), scope);
            ValueType otherwise = expression(conditional.getElseExpr(), scope);
            return then.equals(otherwise) ? then : ValueType.UNKNOWN;
        } else if (expression instanceof CastExpr cast) {
            expression(cast.getExpression(), scope);
            return usedType(cast.getType(), cast);
        } else if (expression instanceof InstanceOfExpr instanceOf) {
            expression(instanceOf.getExpression(), scope);
            ValueType tested = usedType(instanceOf.getType(), instanceOf);
            instanceOf.getPattern().ifPresent(pattern -> {
                if (pattern instanceof TypePatternExpr typePattern) {
                    scope.declare(typePattern.getNameAsString(), tested);
                } else {
                    refuse(pattern, "rules may not use record patterns");
                }
            });
            return ValueType.of(boolean.class);
        } else if (expression instanceof ArrayAccessExpr access) {
            ValueType array = expression(access.getName(), scope);
            expression(access.getIndex(), scope);
            return array.known() && array.raw().isArray() ? ValueType.of(array.raw().getComponentType())
                    : array.elementType();
        } else if (expression instanceof ArrayCreationExpr creation) {
            ValueType element = usedType(creation.getElementType(), creation);
            creation.getLevels().forEach(level -> level.getDimension().ifPresent(size -> expression(size, scope)));
            creation.getInitializer().ifPresent(initializer -> expression(initializer, scope));
            return element.known() ? ValueType.of(element.raw().arrayType()) : ValueType.UNKNOWN;
        } else if (expression instanceof ArrayInitializerExpr initializer) {
            initializer.getValues().forEach(value -> expression(value, scope));
            return ValueType.UNKNOWN;
        } else if (expression instanceof LambdaExpr lambda) {
            lambda(lambda, List.of(), scope);
            return ValueType.UNKNOWN;
        } else if (expression instanceof MethodReferenceExpr reference) {
            methodReference(reference, scope);
            return ValueType.UNKNOWN;
        } else if (expression instanceof SwitchExpr switchExpr) {
            expression(switchExpr.getSelector(), scope);
            switchEntries(switchExpr.getEntries(), scope);
            return ValueType.UNKNOWN;
        } else if (expression instanceof ThisExpr thisExpr) {
            return thisValue(thisExpr);
        } else if (expression instanceof ClassExpr classExpr) {
            refuse(classExpr, "rules may not use classes as values (" + classExpr + ")");
            return ValueType.UNKNOWN;
        }
        refuse(expression, "rules may not use " + kindOf(expression) + " (" + expression + ")");
        return ValueType.UNKNOWN;
    }

    private ValueType thisValue(ThisExpr thisExpr) {
        if (site.kind() == CodeSite.Kind.CONDITION && thisExpr.getTypeName().isEmpty()) {
            return site.patternType();
        }
        refuse(thisExpr, "rules may not use this in a then-part or function");
        return ValueType.UNKNOWN;
    }

    private void declareVariables(VariableDeclarationExpr declaration, Scope scope) {
        for (VariableDeclarator variable : declaration.getVariables()) {
            ValueType initial = variable.getInitializer().map(value -> expression(value, scope)).orElse(ValueType.UNKNOWN);
            ValueType declared = variable.getType().isVarType() ? initial : declaredType(variable.getType());
            scope.declare(variable.getNameAsString(), declared);
        }
    }

    private ValueType name(NameExpr name, Scope scope) {
        String identifier = name.getNameAsString();
        Optional<ValueType> variable = scope.lookUp(identifier);
        if (variable.isPresent()) {
            return variable.get();
        }
        if (site.kind() == CodeSite.Kind.CONDITION && site.patternType().known()) {
            return property(name, site.patternType(), identifier);
        }
        if (site.kind() == CodeSite.Kind.CONDITION && site.types().isDeclaredMember(identifier)) {
            return ValueType.UNKNOWN;
        }
        Optional<Class<?>> type = site.types().resolve(identifier);
        if (type.isPresent()) {
            refuse(name, "rules may not use " + identifier + " as a value");
        } else {
            refuse(name, "rules may not use " + identifier + ": it is no binding, global or variable of the rule");
        }
        return ValueType.UNKNOWN;
    }

    // ---- member access

    /** A type named as a call's or field's scope ({@code Math.max}, {@code java.lang.System.exit}), if it is one. */
    private Optional<Class<?>> typeNamedBy(Expression scopeExpression, Scope scope) {
        String dotted = dottedName(scopeExpression);
        if (dotted == null || scope.lookUp(dotted.split("\\.")[0]).isPresent()) {
            return Optional.empty();
        }
        if (site.kind() == CodeSite.Kind.CONDITION && site.patternType().known()
                && Members.getter(site.patternType().raw(), dotted.split("\\.")[0]).isPresent()) {
            return Optional.empty();
        }
        return site.types().resolve(dotted);
    }

    private static String dottedName(Expression expression) {
        if (expression instanceof NameExpr name) {
            return name.getNameAsString();
        }
        if (expression instanceof FieldAccessExpr access) {
            String scope = dottedName(access.getScope());
            return scope == null ? null : scope + "." + access.getNameAsString();
        }
        if (expression instanceof TypeExpr type && type.getType() instanceof ClassOrInterfaceType named) {
            return named.getNameWithScope();
        }
        return null;
    }

    /** Whether a dotted name is a package prefix on the way to a class ({@code java.lang} of java.lang.System). */
    private boolean isPackagePrefix(FieldAccessExpr access, Scope scope) {
        return access.getParentNode().orElse(null) instanceof FieldAccessExpr
                && typeNamedBy(access, scope).isEmpty() && dottedName(access) != null
                && scope.lookUp(dottedName(access).split("\\.")[0]).isEmpty();
    }

    private ValueType fieldAccess(FieldAccessExpr access, Scope scope) {
        String field = access.getNameAsString();
        Optional<Class<?>> owner = typeNamedBy(access.getScope(), scope);
        if (owner.isPresent()) {
            return staticField(access, owner.get(), field);
        }
        if (access.getScope() instanceof FieldAccessExpr inner && isPackagePrefix(inner, scope)
                && site.types().resolve(dottedName(access)).isPresent()) {
            refuse(access, "rules may not use " + dottedName(access) + " as a value");
            return ValueType.UNKNOWN;
        }
        ValueType receiver = expression(access.getScope(), scope);
        if (site.kind() == CodeSite.Kind.CONDITION) {
            return receiver.known() ? property(access, receiver, field) : unknownMember(access, field);
        }
        if (!receiver.known()) {
            return unknownMember(access, field);
        }
        if (receiver.raw().isArray() && field.equals("length")) {
            return ValueType.of(int.class);
        }
        if (!AllowedTypes.isAllowed(receiver.raw())) {
            refuse(access, "rules may not use " + AllowedTypes.nameOf(receiver.raw()) + "." + field);
            return ValueType.UNKNOWN;
        }
        return Members.field(receiver.raw(), field).map(found -> receiver.resolve(found.getGenericType()))
                .orElse(ValueType.UNKNOWN);
    }

    private ValueType staticField(Node at, Class<?> owner, String field) {
        if (!AllowedTypes.isAllowed(owner)) {
            refuse(at, "rules may not use " + AllowedTypes.nameOf(owner) + "." + field);
            return ValueType.UNKNOWN;
        }
        Optional<Field> found = Members.field(owner, field);
        return found.map(value -> ValueType.of(owner).resolve(value.getGenericType())).orElse(ValueType.UNKNOWN);
    }

    /** A property read in a condition ({@code $winner.channel}): the getter it stands for is checked as a call. */
    private ValueType property(Node at, ValueType owner, String property) {
        if (owner.raw().isArray() && property.equals("length")) {
            return ValueType.of(int.class);
        }
        if (!AllowedTypes.isAllowed(owner.raw())) {
            refuse(at, "rules may not use " + AllowedTypes.nameOf(owner.raw()) + "." + property);
            return ValueType.UNKNOWN;
        }
        Optional<Method> getter = Members.getter(owner.raw(), property);
        if (getter.isEmpty()) {
            Optional<Field> field = Members.field(owner.raw(), property);
            if (field.isPresent()) {
                return owner.resolve(field.get().getGenericType());
            }
            refuse(at, "rules may not use " + property + ": " + owner + " has no such property");
            return ValueType.UNKNOWN;
        }
        Optional<String> refusal = AllowedTypes.refusalOf(owner.raw(), getter.get().getName(),
                getter.get().getDeclaringClass());
        if (refusal.isPresent()) {
            refuse(at, refusal.get());
            return ValueType.UNKNOWN;
        }
        return owner.resolve(getter.get().getGenericReturnType());
    }

    private ValueType unknownMember(Node at, String member) {
        if (!site.types().isDeclaredMember(member) && !AllowedTypes.isAllowedMethodName(member)
                && !AllowedTypes.isAllowedMethodName("get"
                + member.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + member.substring(1))) {
            refuse(at, "rules may not use " + at + ": its type is not known to be allowed");
        }
        return ValueType.UNKNOWN;
    }

    private ValueType call(MethodCallExpr call, Scope scope) {
        String method = call.getNameAsString();
        if (call.getScope().isEmpty()) {
            return unscopedCall(call, method, scope);
        }
        Expression scopeExpression = call.getScope().get();
        Optional<Class<?>> owner = typeNamedBy(scopeExpression, scope);
        if (owner.isPresent()) {
            return methodCall(call, ValueType.of(owner.get()), true, scope);
        }
        if (scopeExpression instanceof FieldAccessExpr access && isPackagePrefix(access, scope)) {
            refuse(call, "rules may not call " + dottedName(access) + "." + method + ": "
                    + dottedName(access) + " is no type rules may use");
            arguments(call, scope);
            return ValueType.UNKNOWN;
        }
        ValueType receiver = expression(scopeExpression, scope);
        if (!receiver.known()) {
            boolean known = AllowedTypes.isAllowedMethodName(method) || site.types().isDeclaredMember(method);
            if (!known || AllowedTypes.refusalOf(Object.class, method, Object.class).isPresent()) {
                refuse(call, "rules may not call " + scopeExpression + "." + method + ": its type is not known to be allowed");
            }
            arguments(call, scope);
            return ValueType.UNKNOWN;
        }
        return methodCall(call, receiver, false, scope);
    }

    private ValueType unscopedCall(MethodCallExpr call, String method, Scope scope) {
        if (site.functions().containsKey(method)) {
            site.calls().accept(method);
            arguments(call, scope);
            return site.functions().get(method);
        }
        if (site.functionImports().containsKey(method)) {
            return methodCall(call, ValueType.of(site.functionImports().get(method)), true, scope);
        }
        if (site.kind() == CodeSite.Kind.THEN_PART && !Members.methods(RuleHelper.class, method,
                call.getArguments().size()).isEmpty()) {
            return methodCall(call, ValueType.of(RuleHelper.class), false, scope);
        }
        if (site.kind() == CodeSite.Kind.CONDITION && site.patternType().known()) {
            return methodCall(call, site.patternType(), false, scope);
        }
        refuse(call, "rules may not call " + method + "(): only the facts' methods, the rules' functions and "
                + "insert, update and delete");
        arguments(call, scope);
        return ValueType.UNKNOWN;
    }

    private ValueType methodCall(MethodCallExpr call, ValueType receiver, boolean statically, Scope scope) {
        String method = call.getNameAsString();
        Class<?> type = receiver.raw();
        String shown = AllowedTypes.nameOf(type) + "." + method;
        if (!AllowedTypes.isAllowed(type)) {
            refuse(call, "rules may not call " + shown);
            arguments(call, scope);
            return ValueType.UNKNOWN;
        }
        List<Method> candidates = Members.methods(type, method, call.getArguments().size()).stream()
                .filter(found -> !statically || Members.isStatic(found)).toList();
        if (candidates.isEmpty()) {
            refuse(call, "rules may not call " + shown + ": " + type.getSimpleName() + " has no such "
                    + (statically ? "static " : "") + "method");
            arguments(call, scope);
            return ValueType.UNKNOWN;
        }
        for (Method candidate : candidates) {
            Optional<String> refusal = AllowedTypes.refusalOf(type, method, candidate.getDeclaringClass());
            if (refusal.isPresent()) {
                refuse(call, refusal.get());
                arguments(call, scope);
                return ValueType.UNKNOWN;
            }
        }
        List<ValueType> argumentTypes = new ArrayList<>();
        for (int i = 0; i < call.getArguments().size(); i++) {
            Expression argument = call.getArguments().get(i);
            if (argument instanceof LambdaExpr lambda) {
                lambda(lambda, lambdaParameters(candidates, receiver, i), scope);
                argumentTypes.add(ValueType.UNKNOWN);
            } else {
                argumentTypes.add(expression(argument, scope));
            }
        }
        return valueTypes.returnType(candidates, receiver, argumentTypes);
    }

    private void arguments(MethodCallExpr call, Scope scope) {
        call.getArguments().forEach(argument -> expression(argument, scope));
    }

    /** The types a lambda's parameters take when passed as argument {@code index} (a filter's candidate). */
    private List<ValueType> lambdaParameters(List<Method> candidates, ValueType receiver, int index) {
        List<ValueType> agreed = null;
        for (Method candidate : candidates) {
            if (index >= candidate.getParameterCount()) {
                return List.of();
            }
            ValueType functional = receiver.resolve(candidate.getGenericParameterTypes()[index]);
            List<ValueType> parameters = functional.known()
                    ? Members.functionalMethod(functional.raw()).map(sam -> {
                        List<ValueType> types = new ArrayList<>();
                        for (java.lang.reflect.Type parameter : sam.getGenericParameterTypes()) {
                            types.add(functional.resolve(parameter));
                        }
                        return types;
                    }).orElse(List.of())
                    : List.of();
            if (agreed != null && !agreed.equals(parameters)) {
                return List.of();
            }
            agreed = parameters;
        }
        return agreed == null ? List.of() : agreed;
    }

    private void lambda(LambdaExpr lambda, List<ValueType> parameterTypes, Scope scope) {
        Scope inner = scope.child();
        NodeList<Parameter> parameters = lambda.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            ValueType type = parameter.getType().isUnknownType()
                    ? (i < parameterTypes.size() ? parameterTypes.get(i) : ValueType.UNKNOWN)
                    : declaredType(parameter.getType());
            inner.declare(parameter.getNameAsString(), type);
        }
        statement(lambda.getBody(), inner);
    }

    private void methodReference(MethodReferenceExpr reference, Scope scope) {
        String method = reference.getIdentifier();
        Optional<Class<?>> owner = typeNamedBy(reference.getScope(), scope);
        ValueType receiver = owner.map(ValueType::of).orElseGet(() -> expression(reference.getScope(), scope));
        if (!receiver.known()) {
            if (!AllowedTypes.isAllowedMethodName(method)) {
                refuse(reference, "rules may not use " + reference + ": its type is not known to be allowed");
            }
            return;
        }
        if (!AllowedTypes.isAllowed(receiver.raw())) {
            refuse(reference, "rules may not call " + AllowedTypes.nameOf(receiver.raw()) + "." + method);
            return;
        }
        if (method.equals("new")) {
            return;
        }
        for (Method candidate : receiver.raw().getMethods()) {
            if (candidate.getName().equals(method)) {
                AllowedTypes.refusalOf(receiver.raw(), method, candidate.getDeclaringClass())
                        .ifPresent(refusal -> refuse(reference, refusal));
                return;
            }
        }
        refuse(reference, "rules may not use " + reference + ": " + receiver + " has no such method");
    }

    private ValueType creation(ObjectCreationExpr creation, Scope scope) {
        ValueType created = usedType(creation.getType(), creation);
        if (creation.getAnonymousClassBody().isPresent()) {
            refuse(creation, "rules may not declare classes (new " + creation.getType() + "() { ... })");
        }
        creation.getScope().ifPresent(outer -> refuse(creation, "rules may not create inner objects"));
        creation.getArguments().forEach(argument -> expression(argument, scope));
        return created;
    }

    // ---- types

    /** A type the code names (a cast, new, instanceof): it must be one rules may use. */
    private ValueType usedType(Type type, Node at) {
        ValueType resolved = declaredType(type);
        if (!resolved.known() && !site.types().isDeclared(type.asString())) {
            refuse(at, "rules may not use " + type.asString() + ": it is no type rules know");
        }
        return resolved;
    }

    /** The type of a declaration ({@code List<Candidate> chosen}), refused unless rules may use it. */
    private ValueType declaredType(Type type) {
        if (type.isPrimitiveType()) {
            return ValueType.of(site.types().resolve(type.asString()).orElseThrow());
        }
        if (type.isArrayType()) {
            ValueType component = declaredType(type.asArrayType().getComponentType());
            return component.known() ? ValueType.of(component.raw().arrayType()) : ValueType.UNKNOWN;
        }
        if (type.isWildcardType()) {
            return type.asWildcardType().getExtendedType().map(this::declaredType).orElse(ValueType.UNKNOWN);
        }
        if (!type.isClassOrInterfaceType()) {
            return ValueType.UNKNOWN;
        }
        ClassOrInterfaceType named = type.asClassOrInterfaceType();
        String name = named.getNameWithScope();
        if (site.types().isDeclared(name)) {
            return ValueType.UNKNOWN;
        }
        Optional<Class<?>> found = site.types().resolve(name);
        if (found.isEmpty()) {
            refuse(type, "rules may not use " + name + ": it is no type rules know");
            return ValueType.UNKNOWN;
        }
        if (!AllowedTypes.isAllowed(found.get())) {
            refuse(type, "rules may not use " + AllowedTypes.nameOf(found.get()));
            return ValueType.UNKNOWN;
        }
        List<ValueType> arguments = new ArrayList<>();
        named.getTypeArguments().ifPresent(list -> list.forEach(argument -> arguments.add(declaredType(argument))));
        return new ValueType(found.get(), arguments);
    }

    private static String kindOf(Node node) {
        String simple = node.getClass().getSimpleName().replaceAll("(Stmt|Expr)$", "");
        return switch (simple) {
            case "Try" -> "try (a failing rule fails the decision)";
            case "Synchronized" -> "synchronized";
            case "LocalClassDeclaration", "LocalRecordDeclaration" -> "class declarations";
            case "Super" -> "super";
            default -> simple.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        };
    }
}
