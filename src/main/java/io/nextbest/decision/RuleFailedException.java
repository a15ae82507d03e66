package io.nextbest.decision;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.mvel.ConstraintEvaluationException;

/**
 * A rule's condition threw while the facts were being matched, e.g. a constraint calling a method that throws.
 * Unlike a failing then-part, which is contained (see {@link FailedRule}), this leaves the session's matching
 * half done, so the decision fails. Names the rule so an analyst can fix it.
 */
public class RuleFailedException extends RuntimeException {
    /** Drools names the rules sharing a constraint as: ... in [Rule "name" in file.drl]. */
    private static final Pattern RULE = Pattern.compile("Rule \"([^\"]+)\"");
    private final String rule;

    private RuleFailedException(String rule, String reason, Throwable cause) {
        super("Rule \"" + rule + "\" failed: " + reason, cause);
        this.rule = rule;
    }

    static RuleFailedException inCondition(ConstraintEvaluationException failed) {
        String message = String.valueOf(failed.getMessage());
        Matcher rule = RULE.matcher(message);
        return new RuleFailedException(rule.find() ? rule.group(1) : "(unknown)",
                conditionOf(message) + ": " + FailedRule.reasonOf(failed), failed);
    }

    public String rule() {
        return rule;
    }

    /** "Error evaluating constraint '...'" without the rule list, which the message names already. */
    private static String conditionOf(String message) {
        int rules = message.indexOf(" in [");
        return rules < 0 ? message : message.substring(0, rules);
    }
}
