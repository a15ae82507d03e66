package io.nextbest.rules.sandbox;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.ForStmt;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one counting loop rules may write: {@code for (int i = A; i < B; i++)} (or counting down with
 * {@code >}/{@code >=} and {@code i--}), where A and B are each a whole number up to {@value #LARGEST_COUNT}
 * or the size of a list, text or array ({@code list.size()}, {@code text.length()}, {@code array.length},
 * give or take a number), the body does not change the counter, and it only reads that list. Such a loop
 * ends after at most as many turns as its bounds are apart. Loops over a collection, {@code for (x : list)},
 * are always allowed; while and do loops never.
 */
final class BoundedLoops {
    static final int LARGEST_COUNT = 100_000;
    private static final Set<String> READING = Set.of("get", "charAt", "size", "length", "isEmpty", "contains",
            "indexOf", "codePointAt");
    private static final Set<String> INTEGRAL = Set.of("int", "long", "short", "byte");
    private static final String ADVICE = "rules may not loop with for unless it counts between fixed bounds: loop "
            + "over a collection with for (x : list), or count like for (int i = 0; i < list.size(); i++)";

    private BoundedLoops() {
    }

    /** Why the loop may run without end, or empty when it is bounded. */
    static Optional<String> refusal(ForStmt loop) {
        if (loop.getInitialization().size() != 1 || loop.getUpdate().size() != 1 || loop.getCompare().isEmpty()
                || !(loop.getInitialization().get(0) instanceof VariableDeclarationExpr init)
                || init.getVariables().size() != 1) {
            return Optional.of(ADVICE);
        }
        VariableDeclarator counter = init.getVariables().get(0);
        String name = counter.getNameAsString();
        Optional<Integer> step = step(loop.getUpdate().get(0), name);
        boolean bounded = INTEGRAL.contains(counter.getType().asString())
                && counter.getInitializer().filter(start -> isBound(start, loop)).isPresent()
                && step.isPresent()
                && loop.getCompare().get() instanceof BinaryExpr compare
                && heads(compare, name, step.get(), loop)
                && !changes(loop.getBody(), name);
        return bounded ? Optional.empty() : Optional.of(ADVICE);
    }

    /**
     * How many turns a counting loop between two numbers takes at most ({@code for (int i = 0; i < 50; i++)}:
     * 50, give or take one), or empty when a bound is a size: loops nested in one another multiply their turns.
     */
    static java.util.OptionalLong turns(ForStmt loop) {
        if (loop.getInitialization().size() == 1 && loop.getInitialization().get(0) instanceof VariableDeclarationExpr init
                && init.getVariables().size() == 1
                && init.getVariables().get(0).getInitializer().orElse(null) instanceof IntegerLiteralExpr start
                && loop.getCompare().orElse(null) instanceof BinaryExpr compare
                && compare.getRight() instanceof IntegerLiteralExpr end) {
            return java.util.OptionalLong.of(Math.abs(end.asNumber().longValue() - start.asNumber().longValue()));
        }
        return java.util.OptionalLong.empty();
    }

    /** +1 or -1 (or +k, -k) when the update is {@code i++}, {@code i--}, {@code i += k}, {@code i -= k}. */
    private static Optional<Integer> step(Expression update, String counter) {
        if (update instanceof UnaryExpr unary && isName(unary.getExpression(), counter)) {
            return switch (unary.getOperator()) {
                case POSTFIX_INCREMENT, PREFIX_INCREMENT -> Optional.of(1);
                case POSTFIX_DECREMENT, PREFIX_DECREMENT -> Optional.of(-1);
                default -> Optional.empty();
            };
        }
        if (update instanceof AssignExpr assign && isName(assign.getTarget(), counter)
                && assign.getValue() instanceof IntegerLiteralExpr amount && amount.asNumber().intValue() > 0) {
            return switch (assign.getOperator()) {
                case PLUS -> Optional.of(1);
                case MINUS -> Optional.of(-1);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    /** Whether the condition moves towards its bound: {@code i < B} counting up, {@code i > B} counting down. */
    private static boolean heads(BinaryExpr compare, String counter, int step, ForStmt loop) {
        if (!isName(compare.getLeft(), counter) || !isBound(compare.getRight(), loop)) {
            return false;
        }
        return switch (compare.getOperator()) {
            case LESS, LESS_EQUALS -> step > 0;
            case GREATER, GREATER_EQUALS -> step < 0;
            default -> false;
        };
    }

    private static boolean isBound(Expression bound, ForStmt loop) {
        if (bound instanceof IntegerLiteralExpr number) {
            return Math.abs(number.asNumber().longValue()) <= LARGEST_COUNT;
        }
        if (bound instanceof BinaryExpr sum && (sum.getOperator() == BinaryExpr.Operator.PLUS
                || sum.getOperator() == BinaryExpr.Operator.MINUS)) {
            return isBound(sum.getLeft(), loop) && isBound(sum.getRight(), loop);
        }
        Optional<String> sized = sizedName(bound);
        return sized.isPresent() && onlyRead(loop.getBody(), sized.get());
    }

    /** {@code list.size()}, {@code text.length()}, {@code array.length}: the name whose size it is. */
    private static Optional<String> sizedName(Expression bound) {
        if (bound instanceof MethodCallExpr call && call.getArguments().isEmpty()
                && List.of("size", "length").contains(call.getNameAsString())
                && call.getScope().filter(NameExpr.class::isInstance).isPresent()) {
            return Optional.of(((NameExpr) call.getScope().get()).getNameAsString());
        }
        if (bound instanceof FieldAccessExpr access && access.getNameAsString().equals("length")
                && access.getScope() instanceof NameExpr array) {
            return Optional.of(array.getNameAsString());
        }
        return Optional.empty();
    }

    /** Whether the body uses {@code name} only to read it, so its size cannot grow while the loop runs. */
    private static boolean onlyRead(Node body, String name) {
        for (NameExpr use : body.findAll(NameExpr.class, found -> found.getNameAsString().equals(name))) {
            Node parent = use.getParentNode().orElse(null);
            boolean reads = (parent instanceof MethodCallExpr call && call.getScope().orElse(null) == use
                    && READING.contains(call.getNameAsString()))
                    || (parent instanceof ArrayAccessExpr access && access.getName() == use
                    && !(access.getParentNode().orElse(null) instanceof AssignExpr assign && assign.getTarget() == access))
                    || (parent instanceof FieldAccessExpr field && field.getNameAsString().equals("length"));
            if (!reads) {
                return false;
            }
        }
        return true;
    }

    private static boolean changes(Node body, String counter) {
        boolean assigned = body.findAll(AssignExpr.class).stream().anyMatch(assign -> isName(assign.getTarget(), counter));
        boolean stepped = body.findAll(UnaryExpr.class).stream()
                .anyMatch(unary -> isStep(unary.getOperator()) && isName(unary.getExpression(), counter));
        return assigned || stepped;
    }

    private static boolean isStep(UnaryExpr.Operator operator) {
        return operator == UnaryExpr.Operator.POSTFIX_INCREMENT || operator == UnaryExpr.Operator.POSTFIX_DECREMENT
                || operator == UnaryExpr.Operator.PREFIX_INCREMENT || operator == UnaryExpr.Operator.PREFIX_DECREMENT;
    }

    private static boolean isName(Expression expression, String name) {
        return expression instanceof NameExpr named && named.getNameAsString().equals(name);
    }
}
