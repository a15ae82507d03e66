package io.nextbest.rules;

import java.util.List;
import java.util.Map;

/** A check a compiled ruleset must pass before it may go live (the analysts' scenario tests). */
public interface RulesetGate {
    /**
     * @param files every file of the ruleset, scenario files ({@code tests/...}) included
     * @return the problems; empty when the ruleset may go live
     */
    List<RuleProblem> check(Ruleset ruleset, Map<String, byte[]> files);
}
