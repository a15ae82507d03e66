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

    /** What a gate found: problems block the ruleset, warnings are shown to whoever validates it. */
    record Findings(List<RuleProblem> problems, List<RuleProblem> warnings) {
    }

    /** The problems and, for a validation, the warnings, from one run of the gate. */
    default Findings review(Ruleset ruleset, Map<String, byte[]> files) {
        return new Findings(check(ruleset, files), List.of());
    }
}
