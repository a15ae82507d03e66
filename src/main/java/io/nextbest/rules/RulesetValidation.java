package io.nextbest.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks rule files without activating them: they compile, and the scenario tests pass. Its warnings are the
 * lint's and the gates' (the rules no scenario test fires).
 */
public final class RulesetValidation {
    private final RulesetCompiler compiler;
    private final List<RulesetGate> gates;

    public RulesetValidation(RulesetCompiler compiler, List<RulesetGate> gates) {
        this.compiler = compiler;
        this.gates = List.copyOf(gates);
    }

    /** The outcome of a validation: the version the files would have, and every problem found. */
    public record Report(boolean valid, String version, int rules, List<String> files, List<RuleProblem> problems,
                         List<RuleProblem> warnings) {
    }

    /** @param files every file of the candidate ruleset, scenario tests included */
    public Report validate(Map<String, byte[]> files) {
        String version = RulesetCompiler.versionOf(files);
        List<String> names = List.copyOf(files.keySet());
        try {
            return RuleBuilds.run("validation of ruleset " + version, () -> {
                Ruleset ruleset = compiler.compile(files);
                List<RuleProblem> failed = new ArrayList<>();
                List<RuleProblem> warnings = new ArrayList<>(ruleset.warnings());
                for (RulesetGate gate : gates) {
                    RulesetGate.Findings findings = gate.review(ruleset, files);
                    failed.addAll(findings.problems());
                    warnings.addAll(findings.warnings());
                }
                return new Report(failed.isEmpty(), version, ruleset.rules().size(), names, failed, warnings);
            });
        } catch (RulesetRejectedException rejected) {
            return new Report(false, version, 0, names, rejected.problems(), List.of());
        }
    }
}
