package io.nextbest.decision;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.nextbest.rules.Ruleset;
import org.drools.mvel.ConstraintEvaluationException;

/**
 * A rule failed and so did the decision. Mostly a condition that threw while the facts were being matched
 * (e.g. a constraint calling a method that throws): unlike a failing then-part, which is contained (see
 * {@link FailedRule}), that leaves the session's matching half done. Names the rule so an analyst can fix it.
 */
public class RuleFailedException extends RuntimeException {
    /** Drools names the rules sharing a constraint as: ... in [Rule "name" in file.drl]. */
    private static final Pattern RULE = Pattern.compile("Rule \"([^\"]+)\"");
    private final FailedRule failure;
    private final String rulesetVersion;

    /** A contained failure that still fails what it was part of (a journey step, which is retried instead). */
    RuleFailedException(FailedRule failure, String rulesetVersion) {
        this(failure, rulesetVersion, null);
    }

    private RuleFailedException(FailedRule failure, String rulesetVersion, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
        this.rulesetVersion = rulesetVersion;
    }

    static RuleFailedException inCondition(ConstraintEvaluationException failed, Ruleset ruleset) {
        String message = String.valueOf(failed.getMessage());
        Matcher rule = RULE.matcher(message);
        String name = rule.find() ? rule.group(1) : "(unknown)";
        String reason = conditionOf(message) + ": " + FailedRule.reasonOf(failed);
        return new RuleFailedException(FailedRule.in(ruleset, name, null, reason), ruleset.version(), failed);
    }

    public String rule() {
        return failure.rule();
    }

    public FailedRule failure() {
        return failure;
    }

    public String rulesetVersion() {
        return rulesetVersion;
    }

    /** "Error evaluating constraint '...'" without the rule list, which the message names already. */
    private static String conditionOf(String message) {
        int rules = message.indexOf(" in [");
        return rules < 0 ? message : message.substring(0, rules);
    }
}
