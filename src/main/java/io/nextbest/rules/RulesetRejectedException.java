package io.nextbest.rules;

import java.util.List;

/** The rule files do not make a usable ruleset; nothing was activated. */
public class RulesetRejectedException extends RuntimeException {
    private final transient List<RuleProblem> problems;

    public RulesetRejectedException(List<RuleProblem> problems) {
        super(problems.size() + " problem(s) in the rules: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
