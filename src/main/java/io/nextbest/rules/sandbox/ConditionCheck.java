package io.nextbest.rules.sandbox;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * Checks a rule's conditions (its when-part) and learns the types of its bindings for the then-part:
 * each constraint is split by Drools' own expression parser into the Java-like operands of its operators
 * ({@code channel in ("email", "sms")}, {@code $winner.channel}), and each operand is checked as code, a bare
 * name being a property of the pattern's fact type.
 */
final class ConditionCheck {
    /** Drools' built-in accumulate functions, with the type of what they give where it matters. */
    private static final Map<String, ValueType> ACCUMULATE_FUNCTIONS = Map.of(
            "count", ValueType.of(Long.class),
            "sum", ValueType.of(Number.class),
            "average", ValueType.of(Number.class),
            "min", ValueType.UNKNOWN,
            "max", ValueType.UNKNOWN,
            "collectList", ValueType.of(List.class),
            "collectSet", ValueType.of(Set.class),
            "countDistinct", ValueType.of(Long.class),
            "sumBigDecimal", ValueType.of(java.math.BigDecimal.class));

    private final CodeSite site;
    private final Scope scope;
    private final List<Finding> findings = new ArrayList<>();

    /** @param scope where the bindings found are declared, for the then-part to see */
    ConditionCheck(CodeSite site, Scope scope) {
        this.site = site;
        this.scope = scope;
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    void check(BaseDescr condition) {
        if (condition instanceof PatternDescr pattern) {
            pattern(pattern);
        } else if (condition instanceof EvalDescr eval) {
            expression(String.valueOf(eval.getContent()), ValueType.UNKNOWN, eval.getLine());
        } else if (condition instanceof ConditionalElementDescr element) {
            for (Object child : element.getDescrs()) {
                check((BaseDescr) child);
            }
        } else if (condition instanceof ConditionalBranchDescr branch) {
            check(branch.getCondition());
            if (branch.getElseBranch() != null) {
                check(branch.getElseBranch());
            }
        } else if (!(condition instanceof NamedConsequenceDescr)) {
            refuse(condition.getLine(), "rules may not use this kind of condition here ("
                    + condition.getClass().getSimpleName().replace("Descr", "") + ")");
        }
    }

    private void pattern(PatternDescr pattern) {
        ValueType type = factType(pattern);
        if (pattern.getSource() != null) {
            source(pattern.getSource(), pattern.getLine());
        }
        if (pattern.getIdentifier() != null) {
            scope.declare(pattern.getIdentifier(), type);
        }
        for (BaseDescr constraint : pattern.getDescrs()) {
            if (constraint instanceof ExprConstraintDescr expression) {
                constraint(expression.getExpression(), type, expression.getLine());
            } else if (constraint instanceof BindingDescr binding) {
                scope.declare(binding.getVariable(), expression(binding.getExpression(), type, binding.getLine()));
            } else {
                refuse(constraint.getLine(), "rules may not use this kind of constraint (" + constraint.getText() + ")");
            }
        }
    }

    private ValueType factType(PatternDescr pattern) {
        String name = pattern.getObjectType();
        if (name == null || site.types().isDeclared(name)) {
            return ValueType.UNKNOWN;
        }
        Optional<Class<?>> found = site.types().resolve(name);
        if (found.isEmpty()) {
            return ValueType.UNKNOWN;
        }
        if (!AllowedTypes.isAllowed(found.get())) {
            refuse(pattern.getLine(), "rules may not use " + AllowedTypes.nameOf(found.get()));
            return ValueType.UNKNOWN;
        }
        return ValueType.of(found.get());
    }

    private void source(BaseDescr source, int line) {
        if (source instanceof AccumulateDescr accumulate) {
            accumulate(accumulate, line);
        } else if (source instanceof CollectDescr collect) {
            check(collect.getInputPattern());
        } else if (source instanceof FromDescr from) {
            expression(from.getDataSource().getText(), ValueType.UNKNOWN, line);
        } else if (!(source instanceof EntryPointDescr)) {
            refuse(line, "rules may not take facts from " + source.getClass().getSimpleName().replace("Descr", ""));
        }
    }

    private void accumulate(AccumulateDescr accumulate, int line) {
        if (accumulate.getInput() != null) {
            check(accumulate.getInput());
        }
        if (accumulate.getInitCode() != null || accumulate.getActionCode() != null
                || accumulate.getResultCode() != null || accumulate.getReverseCode() != null) {
            customAccumulate(accumulate, line);
        }
        for (AccumulateDescr.AccumulateFunctionCallDescr function : accumulate.getFunctions()) {
            if (!ACCUMULATE_FUNCTIONS.containsKey(function.getFunction())) {
                refuse(line, "rules may not accumulate with " + function.getFunction() + ": use one of "
                        + new java.util.TreeSet<>(ACCUMULATE_FUNCTIONS.keySet()));
            }
            for (String parameter : function.getParams()) {
                expression(parameter, ValueType.UNKNOWN, line);
            }
            if (function.getBind() != null) {
                scope.declare(function.getBind(), ACCUMULATE_FUNCTIONS.getOrDefault(function.getFunction(), ValueType.UNKNOWN));
            }
        }
    }

    /** accumulate(..., init(...), action(...), reverse(...), result(...)): Java code, checked as a then-part is. */
    private void customAccumulate(AccumulateDescr accumulate, int line) {
        Scope code = scope.child();
        CodeCheck check = new CodeCheck(site.plainJava(line));
        for (String part : new String[] {accumulate.getInitCode(), accumulate.getActionCode(),
                accumulate.getReverseCode()}) {
            if (part == null) {
                continue;
            }
            Optional<BlockStmt> block = JavaSnippets.block(part);
            if (block.isEmpty()) {
                refuse(line, "rules may only use Java the sandbox can read in accumulate: " + part.strip());
                continue;
            }
            // init's variables are seen by action and result: no new scope per part
            block.get().getStatements().forEach(statement -> check.statement(statement, code));
        }
        if (accumulate.getResultCode() != null) {
            Optional<Expression> result = JavaSnippets.expression(accumulate.getResultCode());
            result.ifPresentOrElse(value -> check.expression(value, code),
                    () -> refuse(line, "rules may only use Java the sandbox can read in accumulate: "
                            + accumulate.getResultCode().strip()));
        }
        findings.addAll(check.findings());
    }

    /** A constraint: split into operands by Drools' parser, each checked as code on the pattern's type. */
    private void constraint(String text, ValueType pattern, int line) {
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
        ConstraintConnectiveDescr parsed = parser.parse(text);
        if (parser.hasErrors() || parsed == null) {
            refuse(line, "rules may only use conditions the sandbox can read: " + text);
            return;
        }
        operands(parsed, pattern, line);
    }

    private void operands(BaseDescr part, ValueType pattern, int line) {
        if (part instanceof ConstraintConnectiveDescr connective) {
            connective.getDescrs().forEach(each -> operands(each, pattern, line));
        } else if (part instanceof BindingDescr binding) {
            scope.declare(binding.getVariable(), expression(binding.getExpression(), pattern, line));
        } else if (part instanceof RelationalExprDescr relation) {
            if (relation.getOperator().equals("matches")) {
                // A pattern such as (a+)+b takes exponential time on text a caller sends in an event.
                refuse(line, "rules may not use matches: regular expressions can run for ever: compare with ==, in,"
                        + " str[startsWith], str[endsWith] or contains");
            }
            operands(relation.getLeft(), pattern, line);
            if (relation.getOperator().equals("instanceof") && relation.getRight() instanceof AtomicExprDescr type) {
                site.types().resolve(type.getExpression()).filter(found -> !AllowedTypes.isAllowed(found))
                        .ifPresent(found -> refuse(line, "rules may not use " + AllowedTypes.nameOf(found)));
            } else {
                operands(relation.getRight(), pattern, line);
            }
        } else if (part instanceof AtomicExprDescr atom) {
            if (!atom.isLiteral()) {
                expression(atom.getExpression(), pattern, line);
            }
        } else {
            refuse(line, "rules may only use conditions the sandbox can read: " + part.getText());
        }
    }

    /** An operand of a condition, a from source or an eval, checked as code; its type, as far as known. */
    ValueType expression(String text, ValueType pattern, int line) {
        Optional<Expression> parsed = JavaSnippets.expression(text.strip());
        if (parsed.isEmpty()) {
            refuse(line, "rules may only use conditions the sandbox can read: " + text.strip());
            return ValueType.UNKNOWN;
        }
        CodeCheck check = new CodeCheck(site.condition(pattern, line));
        ValueType type = check.expression(parsed.get(), scope);
        findings.addAll(check.findings());
        return type;
    }

    private void refuse(int line, String message) {
        findings.add(new Finding(line, message));
    }
}
