package io.nextbest.rules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks rule files without activating them: the folder as it is, or the folder with uploaded files over it. */
public final class RulesetValidation {
    private final RulesetCompiler compiler;

    public RulesetValidation(RulesetCompiler compiler) {
        this.compiler = compiler;
    }

    /** The outcome of a validation: the version the files would have, and every problem found. */
    public record Report(boolean valid, String version, int rules, List<String> files, List<RuleProblem> problems,
                         List<RuleProblem> warnings) {
    }

    /**
     * @param folder   the rules folder's files
     * @param uploaded files that replace (or add to) the folder's
     * @param replace  true to check the uploaded files alone, without the folder's
     */
    public Report validate(Map<String, byte[]> folder, Map<String, byte[]> uploaded, boolean replace) {
        Map<String, byte[]> files = new TreeMap<>(replace ? Map.of() : folder);
        files.putAll(uploaded);
        String version = RulesetCompiler.versionOf(files);
        List<String> names = List.copyOf(files.keySet());
        try {
            Ruleset ruleset = compiler.compile(files);
            return new Report(true, version, ruleset.rules().size(), names, List.of(), ruleset.warnings());
        } catch (RulesetRejectedException rejected) {
            return new Report(false, version, 0, names, rejected.problems(), List.of());
        }
    }
}
