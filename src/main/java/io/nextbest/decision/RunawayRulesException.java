package io.nextbest.decision;

/** The rules kept firing past the per-decision limit (typically a rule that re-activates itself). */
public class RunawayRulesException extends RuntimeException {
    private final String mostFiredRule;
    private final String limit;

    public RunawayRulesException(int limit, String mostFiredRule) {
        super("The rules fired more than " + limit + " times in one decision; the rule that fired most was \""
                + mostFiredRule + "\". It probably re-activates itself.");
        this.mostFiredRule = mostFiredRule;
        this.limit = "firings";
    }

    public RunawayRulesException(java.time.Duration budget, String mostFiredRule) {
        super("The rules were still firing after " + budget.toMillis() + " ms of CPU in one decision; the rule that"
                + " fired most was \"" + mostFiredRule + "\". Look for a condition that matches far more facts than"
                + " meant, or a slow consequence.");
        this.mostFiredRule = mostFiredRule;
        this.limit = "time";
    }

    /** Which limit stopped the rules: {@code firings} or {@code time}. */
    public String limit() {
        return limit;
    }

    public String mostFiredRule() {
        return mostFiredRule;
    }
}
