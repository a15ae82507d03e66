package io.nextbest.decision;

/** The rules kept firing past the per-decision limit (typically a rule that re-activates itself). */
public class RunawayRulesException extends RuntimeException {
    private final String mostFiredRule;

    public RunawayRulesException(int limit, String mostFiredRule) {
        super("The rules fired more than " + limit + " times in one decision; the rule that fired most was \""
                + mostFiredRule + "\". It probably re-activates itself.");
        this.mostFiredRule = mostFiredRule;
    }

    public String mostFiredRule() {
        return mostFiredRule;
    }
}
