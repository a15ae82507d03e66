package io.nextbest.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.nextbest.rules.RuleInfo;
import io.nextbest.rules.Ruleset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.mvel.ConstraintEvaluationException;

/**
 * A rule that threw while deciding. What its failed firing inserted was withdrawn; a failed eligibility or
 * arbitration rule also set aside what it guarded ({@link #RULE_FAILED}).
 *
 * @param row    the decision-table row the rule was generated from; null for a DRL rule
 * @param reason what went wrong, in the words of the error (no stack trace, no class names of the service)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailedRule(String rule, String file, Integer row, String phase, String reason) {
    /** The reason of a candidate set aside because a rule guarding it failed. */
    public static final String RULE_FAILED = "RULE_FAILED";
    private static final int MAX_REASON = 300;
    /** A qualified Java name, such as the class of an exception: only its simple name says something to an analyst. */
    private static final Pattern GENERATED_CLASS = Pattern.compile("\\.Rule_([\\w$]+?)\\d+(?:Eval|Predicate|Accumulate|Return)\\w*Invoker");
    private static final Pattern ESCAPED = Pattern.compile("\\$u(\\d+)\\$");
    private static final Pattern RULE_NAMED = Pattern.compile("Rule \"([^\"]+)\"");
    private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)");

    /** The rule of {@code ruleset} named {@code rule}, with its file and table row; its phase when none is given. */
    static FailedRule in(Ruleset ruleset, String rule, String phase, String reason) {
        RuleInfo info = ruleset.rule(rule).orElse(null);
        return info == null
                ? new FailedRule(rule, null, null, phase, reason)
                : new FailedRule(rule, info.file(), info.row(), phase == null ? info.phase() : phase, reason);
    }

    /**
     * A condition that threw while the facts were matched. Drools names the rules sharing the constraint as
     * "... in [Rule "name" in file.drl]".
     */
    static FailedRule inCondition(ConstraintEvaluationException failed, Ruleset ruleset) {
        String message = String.valueOf(failed.getMessage());
        Matcher rule = RULE_NAMED.matcher(message);
        String name = rule.find() ? rule.group(1) : "(unknown)";
        int rules = message.indexOf(" in [");
        String condition = rules < 0 ? message : message.substring(0, rules);
        return in(ruleset, name, null, condition + ": " + reasonOf(failed));
    }

    /**
     * Any other condition that threw: an {@code eval}, which Drools reports only by the class it generated for the
     * rule ("nextbest.Rule_Numbered_actions_only$u44$_by_eval123Eval0Invoker@…": spaces as _, other characters as
     * $uNN$), matched here against the ruleset's rule names.
     */
    static FailedRule inOtherCondition(RuntimeException failed, Ruleset ruleset) {
        Matcher generated = GENERATED_CLASS.matcher(String.valueOf(failed.getMessage()));
        String rule = "(a condition)";
        if (generated.find()) {
            String decoded = ESCAPED.matcher(generated.group(1))
                    .replaceAll(escaped -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(escaped.group(1)))));
            rule = ruleset.rules().stream().map(RuleInfo::name)
                    .filter(name -> name.replace(' ', '_').equalsIgnoreCase(decoded))
                    .findFirst().orElse(rule);
        }
        return in(ruleset, rule, null, "a condition failed: " + reasonOf(failed));
    }

    /** For logs and scenario reports: "Rule "…" (file, row 7) failed: reason". */
    public String describe() {
        return "Rule \"" + rule + "\" (" + (file == null ? "unknown file" : file) + (row == null ? "" : ", row " + row)
                + ") failed: " + reason;
    }

    /** The innermost cause's message, or its kind when it has none. */
    public static String reasonOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root.getMessage() == null || root.getMessage().isBlank()
                ? root.getClass().getSimpleName() + " (no message)"
                : QUALIFIED.matcher(root.getMessage().strip()).replaceAll("$1");
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…";
    }
}
