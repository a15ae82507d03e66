package io.nextbest.scenarios;

import io.nextbest.rules.Ruleset;
import java.util.List;
import java.util.Map;

/**
 * Which rules the analysts' scenario tests fire: for every rule (and every decision-table row, which is a
 * rule of its own) the scenarios that fired it. A rule no scenario fires can change without any test
 * noticing.
 *
 * @param percent the share of rules some scenario fires, rounded down
 */
public record ScenarioCoverage(int rules, int tested, int percent, List<RuleCoverage> coverage) {

    /** @param row the decision-table row the rule was compiled from; null for a DRL rule */
    public record RuleCoverage(String rule, String file, Integer row, String phase, List<String> firedBy) {
    }

    public ScenarioCoverage {
        coverage = List.copyOf(coverage);
    }

    /** The rules no scenario fires, as "file: rule" (with the row for a table). */
    public List<String> untested() {
        return coverage.stream().filter(rule -> rule.firedBy().isEmpty())
                .map(rule -> rule.file() + (rule.row() == null ? "" : " row " + rule.row()) + ": " + rule.rule())
                .toList();
    }

    /** @param firedBy for each rule that fired in some scenario, the names of those scenarios */
    static ScenarioCoverage of(Ruleset ruleset, Map<String, List<String>> firedBy) {
        List<RuleCoverage> coverage = ruleset.rules().stream()
                .map(rule -> new RuleCoverage(rule.name(), rule.file(), rule.row(), rule.phase(),
                        List.copyOf(firedBy.getOrDefault(rule.name(), List.of()))))
                .toList();
        int tested = (int) coverage.stream().filter(rule -> !rule.firedBy().isEmpty()).count();
        int percent = coverage.isEmpty() ? 100 : tested * 100 / coverage.size();
        return new ScenarioCoverage(coverage.size(), tested, percent, coverage);
    }
}
