package io.nextbest.decision;

/**
 * A rule failed and so did what it was part of: a journey step, which is retried instead of completed without
 * the rule (a decision contains its failed rules: see {@link FailedRule}). Names the rule so an analyst can fix it.
 */
public class RuleFailedException extends RuntimeException {
    private final FailedRule failure;
    private final String rulesetVersion;

    /** A contained failure that still fails what it was part of (a journey step, which is retried instead). */
    RuleFailedException(FailedRule failure, String rulesetVersion) {
        super(failure.describe());
        this.failure = failure;
        this.rulesetVersion = rulesetVersion;
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
}
